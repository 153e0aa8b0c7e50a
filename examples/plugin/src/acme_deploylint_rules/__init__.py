"""ACME's deploylint rules that need code (the declarative ones live in the team's pack)."""
