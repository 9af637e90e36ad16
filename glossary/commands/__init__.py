"""One module per CLI sub-command; see glossary/cli.py."""
