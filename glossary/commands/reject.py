"""glossary reject : mark a candidate translation rejected (see approve.py, which holds both)."""

from glossary.commands.approve import REJECT_HELP as HELP  # noqa: F401 - shown in `glossary --help`
from glossary.commands.approve import register_reject as register  # noqa: F401
