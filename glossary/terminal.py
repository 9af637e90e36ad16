"""Text bound for a terminal, made safe: control characters out.

A term, translation or note imported from a file, or a model's metadata, may hold escape
sequences (``ESC [ 2 J`` clears the screen, ``ESC ] 8`` makes links, ``ESC ] 0`` retitles the
window) or carriage returns that overwrite what was printed. The human-readable output of every
command goes through :class:`SafeStream` (installed by ``glossary.cli.main``), which drops C0
controls other than tab and newline, DEL and C1 controls. ``--json`` output is not filtered:
JSON escapes control characters itself, and scripts get the data exactly.
"""

from __future__ import annotations

# str.translate, not re: this module is on the start-up path of every command (`lookup`)
_CONTROLS = dict.fromkeys([*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)])


def strip_controls(text: str) -> str:
    """``text`` without control characters (tab and newline kept)."""
    return text.translate(_CONTROLS)


class SafeStream:
    """A text stream wrapper whose ``write`` strips control characters; everything else
    (``buffer``, ``flush``, ``fileno``, ``isatty``, ...) is the wrapped stream's."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(strip_controls(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)
