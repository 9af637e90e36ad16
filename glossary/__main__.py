import sys

from glossary.cli import main

sys.exit(main())
