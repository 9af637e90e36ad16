"""The review screen: the terms needing a decision, one after the other.

The queue (``data.review_queue``): terms without a translation, with candidates only, or with
an approved translation next to a different human/imported one (a conflict), under the main
screen's kind/document filters and search text, in its sort order. ``a`` approves the
highlighted candidate and goes to the next term still needing a decision; ``s`` skips; ``t``
types your own. The progress line counts the decided terms of the queue.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from glossary import Glossary
from glossary.errors import GlossaryError

from . import data
from .actions import approve_with_care, edit_note, edit_with_care, pick_document, reject_toggle, undo_last
from .data import KIND_FILTERS, Query
from .keys import EDIT_BINDINGS, SafeKeys, bind
from .screens import TextPrompt
from .widgets import DetailPane


class ReviewScreen(SafeKeys, Screen[None]):
    """Work through the queue: approve-and-next, skip, type your own; progress on top."""

    TYPING_ACTIONS = frozenset({"back", "help"})
    BINDINGS = [
        *EDIT_BINDINGS,
        bind("a", "approve", "Approve+next"),
        bind("s", "skip", "Skip"),
        bind("right", "skip", "Skip", show=False),
        bind("t", "type_translation", "Type"),
        bind("e", "edit_translation", "Edit"),
        bind("delete,ctrl+d", "reject", "Reject"),
        bind("ctrl+z", "undo", "Undo"),
        bind("escape", "back", "Back"),
        bind("left", "previous", "Previous", show=False),
        bind("ctrl+x", "not_a_term", "Not-a-term", show=False),
        bind("n", "note", "Note", show=False),
        bind("k", "cycle_kind", "Kind", show=False),
        bind("d", "pick_document", "Doc", show=False),
        bind("question_mark,f1", "help", "Help", show=False),
        *[bind(str(i), f"approve_number({i})", show=False) for i in range(1, 10)],
    ]

    def __init__(self, g: Glossary, q: Query) -> None:
        super().__init__()
        self.g = g
        self.q = q
        self.queue: list[int] = []
        self.reason: dict[int, str | None] = {}  # term id -> why it needs a decision (None: decided)
        self.skipped: set[int] = set()
        self.pos = 0
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Static("", id="review-status")
        detail = DetailPane(id="review-detail")
        detail.numbered = True
        detail.empty_hint = "no translation yet · t: type one · Ctrl+X: not a term · s: skip"
        yield detail
        yield Footer(show_command_palette=False)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        self.query_one("#review-status", Static).update(Text("building the review queue…", style="dim"))
        self.detail.show(None)
        self.set_focus(self.query_one("#candidates", OptionList))
        self._load_queue(Query(**vars(self.q)), self.g.path)

    # -- the queue -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="review-queue")
    def _load_queue(self, q: Query, db_path: Path) -> None:
        # its own connection: a 100,000-term glossary takes a second; the UI stays responsive
        try:
            with Glossary(db_path, create=False) as g:
                items = data.review_queue(g, q)
        except GlossaryError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            items = []
        self.app.call_from_thread(self._queue_ready, q, items)

    def _queue_ready(self, q: Query, items: list[tuple[int, str]]) -> None:
        if (q.kind, q.document) != (self.q.kind, self.q.document):
            return  # the filters changed since
        self.queue = [term_id for term_id, _ in items]
        self.reason = dict(items)
        self.skipped.clear()
        self.pos = 0
        self.ready = True
        self.show_current()
        self.set_focus(self.query_one("#candidates", OptionList))
        self.refresh_bindings()

    @property
    def current_id(self) -> int | None:
        if not self.ready or not self.queue or self.pos >= len(self.queue):
            return None
        return self.queue[self.pos]

    def decided(self) -> int:
        return sum(1 for term_id in self.queue if self.reason.get(term_id) is None)

    def _refresh_reason(self, term_id: int | None) -> None:
        if term_id is not None and term_id in self.reason:
            self.reason[term_id] = data.needs_decision(self.g, term_id)

    def show_current(self, *, keep_highlight: bool = False) -> None:
        term_id = self.current_id
        status = self.query_one("#review-status", Static)
        total, done = len(self.queue), self.decided()
        parts = []  # only the filters that narrow the queue (the line fits 80 columns)
        if self.q.status not in ("all", "not-a-term"):
            parts.append(f"status: {self.q.status}")
        if self.q.kind:
            parts.append(f"kind: {self.q.kind}")
        if self.q.document_name:
            parts.append(f"doc: {self.q.document_name}")
        if self.q.text.strip():
            parts.append(f"search: {self.q.text.strip()}")
        filters = " · ".join(parts) or "all terms (k, d: filter)"
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append("Review ", style="bold")
        line.append(f"{done} / {total} decided", style="bold green" if total and done == total else "bold")
        if self.skipped:
            line.append(f" · {len(self.skipped)} skipped")
        if term_id is not None and total:
            line.append(f" · term {self.pos + 1} of {total}")
        line.append(f" · {filters}", style="dim")
        status.update(line)
        if term_id is None:
            self.detail.extra = ""
            self.detail.show(None)
            title = self.query_one("#detail-title", Static)
            if not total:
                title.update(Text("Nothing needs a decision here. Escape: back to the table "
                                  "(k / d: other kind or document)", style="bold"))
            else:
                title.update(Text(f"All {total} terms of the queue are decided. Escape: back to the table",
                                  style="bold green"))
            return
        reason = self.reason.get(term_id)
        self.detail.extra = data.REASON_LABEL.get(reason, "decided") if reason else "decided"
        detail = data.term_detail(self.g, term_id)
        self.detail.show(detail, keep_highlight=keep_highlight)
        if detail is not None and not keep_highlight:
            # highlight the first candidate that is not rejected (what `a` approves)
            options = self.query_one("#candidates", OptionList)
            for i, tr in enumerate(detail.translations):
                if tr["status"] == "candidate":
                    options.highlighted = i
                    break

    def next_undecided(self) -> None:
        """Move to the next term of the queue still needing a decision (wrapping around)."""
        n = len(self.queue)
        for step in range(1, n + 1):
            i = (self.pos + step) % n
            if self.reason.get(self.queue[i]) is not None:
                self.pos = i
                break
        else:
            self.pos = n  # all decided
        self.show_current()

    # -- decisions ------------------------------------------------------------------------------

    def _detail(self) -> data.Detail | None:
        return getattr(self.detail, "detail", None) if self.current_id is not None else None

    def _highlighted(self) -> dict | None:
        detail = self._detail()
        if detail is None:
            return None
        tid = self.detail.selected_translation_id()
        return next((tr for tr in detail.translations if tr["id"] == tid), None)

    def _write(self, change, message: str, *, advance: bool = False) -> None:
        term_id = self.current_id
        try:
            change()
        except GlossaryError as exc:
            self.notify(str(exc), severity="error", timeout=4)
            return
        self._refresh_reason(term_id)
        if self.reason.get(term_id) is None:
            self.skipped.discard(term_id)
        if message:
            self.notify(message, timeout=2)
        if advance and self.reason.get(term_id) is None:
            self.next_undecided()
        else:
            self.show_current(keep_highlight=True)

    def _approve(self, tr: dict | None) -> None:
        detail = self._detail()
        if detail is None:
            return
        if tr is None:
            self.notify("no candidate to approve here: t types your own, s skips", severity="warning", timeout=3)
            return
        if tr["status"] == "rejected":
            self.notify("that one is rejected (Delete un-rejects it)", severity="warning", timeout=3)
            return
        approve_with_care(self, detail, tr, lambda: self._write(
            lambda: self.g.approve(tr["id"]), f"approved “{tr['text']}” for “{detail.term['term']}”", advance=True))

    def action_approve(self) -> None:
        self._approve(self._highlighted())

    def action_approve_number(self, number: int) -> None:
        detail = self._detail()
        if detail is not None and 0 < number <= len(detail.translations):
            self._approve(detail.translations[number - 1])

    def action_skip(self) -> None:
        term_id = self.current_id
        if term_id is None:
            return
        if self.reason.get(term_id) is not None:
            self.skipped.add(term_id)
        self.next_undecided()

    def action_previous(self) -> None:
        if self.queue and self.ready:
            self.pos = (min(self.pos, len(self.queue)) - 1) % len(self.queue)
            self.show_current()

    def action_type_translation(self) -> None:
        detail = self._detail()
        if detail is None:
            return
        term_id, name = detail.term["id"], detail.term["term"]

        def done(text: str | None) -> None:
            if text and text.strip():
                self._write(lambda: self.g.set_translation(term_id, text),
                            f"saved “{' '.join(text.split())}” for “{name}”", advance=True)

        self.app.push_screen(TextPrompt(f"English for “{name}”", placeholder="type the translation",
                                        hint="Enter: save as approved and go on · Escape: cancel"), done)

    def action_edit_translation(self) -> None:
        detail, tr = self._detail(), self._highlighted()
        if detail is None:
            return
        if tr is None:
            self.action_type_translation()
            return
        edit_with_care(self, self.g, detail, tr, lambda change, message: self._write(change, message, advance=True))

    def action_reject(self) -> None:
        tr = self._highlighted()
        if tr is None:
            return
        reject_toggle(self.g, tr, self._write)

    def action_not_a_term(self) -> None:
        detail = self._detail()
        if detail is None:
            return
        term_id, name = detail.term["id"], detail.term["term"]
        self._write(lambda: self.g.set_term_status(term_id, "not_a_term"),
                    f"“{name}” marked as not a term (Ctrl+Z: undo)", advance=True)

    def action_note(self) -> None:
        detail = self._detail()
        if detail is not None:
            edit_note(self, self.g, detail, lambda change, message: self._write(change, message))

    def action_undo(self) -> None:
        row = undo_last(self, self.g)
        if row is None:
            return
        term_id = row.get("term_id")
        self._refresh_reason(term_id)
        if term_id in self.queue:
            self.pos = self.queue.index(term_id)
        self.show_current()

    # -- filters --------------------------------------------------------------------------------

    def _refilter(self) -> None:
        self.ready = False
        self.query_one("#review-status", Static).update(Text("building the review queue…", style="dim"))
        self._load_queue(Query(**vars(self.q)), self.g.path)

    def action_cycle_kind(self) -> None:
        self.q.kind = KIND_FILTERS[(KIND_FILTERS.index(self.q.kind) + 1) % len(KIND_FILTERS)]
        self._refilter()

    def action_pick_document(self) -> None:
        pick_document(self, self.g, self.q, "Review the terms of which document?", self._refilter)

    def action_help(self) -> None:
        from .screens import HelpScreen

        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        self.dismiss(None)
