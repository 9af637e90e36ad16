"""glossary: a Dutch-English terminology workbench for translators.

The public Python API::

    from glossary import Glossary
    with Glossary("my.db") as g:
        g.lookup("sociaal krediet")

Importing this package is cheap: nothing heavy (MT engines, Textual) is imported here.
"""

__version__ = "0.1.0"

__all__ = ["Glossary", "GlossaryError", "InputError", "__version__"]


def __getattr__(name):  # lazy, so `import glossary` stays fast
    if name == "Glossary":
        from glossary.api import Glossary

        return Glossary
    if name in ("GlossaryError", "InputError"):
        from glossary import errors

        return getattr(errors, name)
    raise AttributeError(name)
