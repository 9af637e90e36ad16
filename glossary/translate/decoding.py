"""Pre-translation's enforcement methods and beam limits, one definition for the library, the
command and the benchmark. Plain constants without imports, so that the CLI registers
``glossary pretranslate`` without loading the MT code."""

METHODS = ("replace", "prefix")  # the default first
DEFAULT_METHOD = "replace"  # one decoding; "prefix" decodes the forced segments a second time
DEFAULT_BEAM = 4  # Argos Translate's beam
MAX_BEAM = 16
