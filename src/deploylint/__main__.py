from deploylint.cli import main

main()
