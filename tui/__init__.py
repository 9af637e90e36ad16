"""The Textual terminal UI for glossary (uses only the public `glossary` API)."""
