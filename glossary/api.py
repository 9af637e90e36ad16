"""The public Python API: :class:`Glossary` = the store plus the scripted queries.

``from glossary import Glossary`` gives this class. It is the store
(:class:`glossary.store.Glossary`: opening, transactions, every write, history and undo) with
the query facade on top -- :meth:`lookup`, :meth:`search`, :meth:`search_terms`,
:meth:`annotate`, :meth:`check` -- which live in modules *above* the store
(``glossary.lookup``, ``glossary.search``, ``glossary.annotate``, ``glossary.check``). The store
imports none of them, so there is no import cycle through it; this module imports them lazily
(on first use), so ``import glossary`` stays cheap.
"""

from __future__ import annotations

from glossary import store

_LOOKUP = None  # glossary.lookup, once imported (an import statement per lookup costs ~3 us)


def _load_lookup():
    global _LOOKUP
    import glossary.lookup

    _LOOKUP = glossary.lookup
    return _LOOKUP


class Glossary(store.Glossary):
    """A glossary database with the scripted queries (see :class:`glossary.store.Glossary`)."""

    def lookup(self, *terms: str, **options) -> list[dict]:
        """Look terms up (options: contexts, fuzzy, reverse, min_score); see
        :func:`glossary.lookup.lookup`."""
        module = _LOOKUP or _load_lookup()
        if len(terms) == 1:
            return module.lookup_one(self, terms[0], **options)
        return module.lookup(self, list(terms), **options)

    def search(self, query: str, **options) -> list[dict]:
        """Full-text search (options: limit, fields, prefix); see :func:`glossary.search.search`."""
        from glossary.search import search

        return search(self, query, **options)

    def search_terms(self, text: str, limit: int = 50, offset: int = 0, filters: dict | None = None) -> list[dict]:
        """Ranked term rows for search-as-you-type; see :func:`glossary.search.search_terms`."""
        from glossary.search import search_terms

        return search_terms(self, text, limit, offset, filters)

    def annotate(self, text: str, **options) -> list[dict]:
        """The glossary terms in a Dutch text as spans; see :func:`glossary.annotate.annotate`."""
        from glossary.annotate import annotate

        return annotate(self, text, **options)

    def check(self, segments) -> list[dict]:
        """Terminology issues in ``(dutch, english)`` pairs; see :func:`glossary.check.check_segments`."""
        from glossary.check import check_segments

        return check_segments(self, segments)
