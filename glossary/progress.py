"""Progress bars on stderr (rich), shown only on a terminal and only for long work."""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator


class Advance:
    """What :func:`progress_bar` yields: ``advance(n)`` adds ``n`` done; ``advance.done(n)``
    sets the count done to ``n`` (for callbacks that report a running total);
    ``advance.stage(description, total)`` starts the next stage of the same work on the same
    line (its own count from 0, ``total=None``: a spinner), so a bar never counts past its
    total and never stands still at 100 % while other work goes on."""

    def __init__(self, bar=None, task=None):
        self._bar, self._task = bar, task

    def __call__(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, n)

    def done(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(self._task, completed=n)

    def stage(self, description: str, total: int | None = None) -> None:
        if self._bar is not None:  # a new task: rich's reset/update cannot clear a total
            self._bar.remove_task(self._task)
            self._task = self._bar.add_task(description, total=total)


@contextlib.contextmanager
def progress_bar(description: str, total: int | None, *, enabled: bool | None = None) -> Iterator[Advance]:
    """Yields an :class:`Advance`. Silent when stderr is not a terminal (scripts, CI, pipes)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield Advance()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield Advance(bar, task)
