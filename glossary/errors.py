"""Errors the CLI turns into one line on stderr and a non-zero exit code."""


class GlossaryError(Exception):
    """Base class. ``str(error)`` is a complete one-line message for the user."""

    exit_code = 1


class InputError(GlossaryError):
    """A file or value given by the user cannot be read or understood."""


class UsageError(GlossaryError):
    """The command line is wrong (exit code 2, like argparse)."""

    exit_code = 2


class SchemaError(GlossaryError):
    """The database was written by a newer version of glossary, or is not a glossary."""
