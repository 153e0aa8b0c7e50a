"""deploylint: a policy and compliance linter for deployment configuration."""

__version__ = "0.1.0"
