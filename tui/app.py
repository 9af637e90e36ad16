"""The glossary terminal UI: ``glossary tui`` / ``python -m tui --db PATH``.

Uses only the public ``glossary`` API: reads through :mod:`tui.data` (``glossary.listing``,
``glossary.search``, ``Glossary`` read methods), writes through ``Glossary`` methods, so every
change lands in the history table and is committed at once (nothing is held in memory).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Static

from glossary import Glossary
from glossary.errors import GlossaryError

from . import data
from .actions import approve_with_care, edit_note, edit_with_care, pick_document, reject_toggle, undo_last
from .data import KIND_FILTERS, PAGE, SORTS, STATUS_FILTERS, Query
from .keys import EDIT_BINDINGS, SafeKeys, bind
from .screens import ChoiceScreen, HelpScreen, TermPicker, TextPrompt, confirm
from .widgets import DetailPane, TermTable, column_widths, table_cells

#: how close to the end of the loaded rows the next page is fetched
PREFETCH = 20

# the fuzzy worker's own connection (its similarity index lives as long as it does)
_FUZZY_LOCK = threading.Lock()
_FUZZY_DB: dict[str, Glossary] = {}


def _fuzzy_glossary(path: Path) -> Glossary:
    g = _FUZZY_DB.get(str(path))
    if g is None:
        for old in _FUZZY_DB.values():
            old.close()
        _FUZZY_DB.clear()
        g = _FUZZY_DB[str(path)] = Glossary(path, create=False)
    return g


def first_run_text(g: Glossary) -> Text:
    """What an empty glossary shows: how to build one."""
    db = os.path.relpath(g.path) if not os.path.relpath(g.path).startswith("..") else str(g.path)
    if " " in db:
        db = f'"{db}"'
    out = Text()
    out.append("This glossary is empty\n\n", style="bold")
    out.append("Build it from your Dutch documents (.txt .md .html .docx .pdf, files or folders):\n\n")
    out.append(f"    glossary --db {db} build DOCS...\n", style="bold")
    out.append(f"    e.g. glossary --db {db} build ~/opdracht/\n\n", style="dim")
    out.append("or import an existing glossary (tbx, tsv, csv, po, json, xlsx):\n\n")
    out.append(f"    glossary --db {db} import FILE\n\n", style="bold")
    out.append("Then press F5 here (or start glossary tui again). Ctrl+Q quits.")
    return out


class MainScreen(SafeKeys, Screen):
    """Search box, filter line, term table, detail pane, footer."""

    TYPING_ACTIONS = frozenset({"focus_table", "search_to_table", "help", "toggle_theme", "review", "export",
                                "reload"})
    BINDINGS = [
        *EDIT_BINDINGS,
        bind("escape", "focus_table", "Table", show=False),
        bind("down,enter", "search_to_table", "Table"),
        bind("a", "approve", "Approve"),
        bind("t", "type_translation", "Type"),
        bind("e", "edit_translation", "Edit"),
        bind("delete,ctrl+d", "reject", "Reject"),
        bind("ctrl+z", "undo", "Undo"),
        bind("ctrl+r", "review", "Review"),
        bind("slash", "focus_search", "Search", show=False),
        bind("n", "note", "Note", show=False),
        bind("ctrl+x", "not_a_term", "Not-a-term", show=False),
        bind("m", "merge", "Merge", show=False),
        bind("T", "translate_term", "Translate", show=False),
        bind("f", "cycle_status", "Filter", show=False),
        bind("k", "cycle_kind", "Kind", show=False),
        bind("d", "pick_document", "Doc", show=False),
        bind("s", "cycle_sort", "Sort", show=False),
        bind("r", "moved('reject', 'Delete (or Ctrl+D)')", show=False),
        bind("x", "moved('not-a-term', 'Ctrl+X')", show=False),
        bind("u", "moved('undo', 'Ctrl+Z')", show=False),
        bind("question_mark", "help_key", "Help"),
        bind("f1", "help", "Help", show=False),
        bind("ctrl+e", "export", "Export", show=False),
        bind("f2", "toggle_theme", "Theme", show=False),
        bind("f5", "reload", "Reload", show=False),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.has_class("empty"):  # first run: nothing to act on
            return action in ("help", "toggle_theme", "reload")
        return super().check_action(action, parameters)

    def __init__(self, g: Glossary) -> None:
        super().__init__()
        self.g = g
        self.q = Query()
        self.loaded = 0
        self.has_more = False
        self.current_id: int | None = None
        self.translating: set[int] = set()
        self._detail_wanted: int | None = None
        self._widths: dict[str, int] = {}
        self.hits: data.Hits | None = None
        self._fuzzy_wanted: tuple | None = None

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search Dutch or English…  (/ to come back here)", id="search", compact=True)
        yield Static("", id="filters")
        yield Static("", id="hint")
        yield TermTable(id="terms")
        yield DetailPane(id="detail")
        yield Static(first_run_text(self.g), id="first-run")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._setup_columns()
        self.load_table()
        self.set_focus(self.query_one("#search", Input))
        self._check_empty()
        # after the first screen is up: the lemmatiser's load would compete with it for the GIL
        self.set_timer(0.5, self._warm_up)

    def _check_empty(self) -> None:
        self.set_class(data.term_count(self.g) == 0, "empty")

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        # load the lemmatiser off the UI thread, so the first inflected search is as fast as the rest
        try:
            from glossary.extract import normalise_key

            normalise_key("kredieten")
        except Exception:  # noqa: BLE001 - no lemma level then; search still works
            pass

    def on_resize(self) -> None:
        if column_widths(self.size.width) != self._widths:
            keep = self.current_id
            self._setup_columns()
            self.load_table(keep_id=keep)

    def _setup_columns(self) -> None:
        table = self.query_one(TermTable)
        self._widths = column_widths(self.size.width or self.app.size.width)
        table.clear(columns=True)
        w = self._widths
        for key, label in (("term", "Dutch term"), ("kind", "kind"), ("freq", "freq"), ("docs", "docs"),
                           ("english", "English"), ("status", "status")):
            table.add_column(label, width=w[key], key=key)

    @property
    def table(self) -> TermTable:
        return self.query_one(TermTable)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    # -- table ---------------------------------------------------------------------------------

    def load_table(self, *, keep_id: int | None = None, keep_index: int | None = None, rows: int = PAGE) -> None:
        table = self.table
        page = data.fetch_page(self.g, self.q, limit=rows + 1)
        # how the search matched (cached: fetch_page just computed it)
        self.hits = data.find(self.g, self.q.text, kind=self.q.kind, include_not_terms=self.q.status == "not-a-term",
                              fuzzy=False, limit=rows + 1 if self._plain() else data.SEARCH_LIMIT) \
            if self.q.text.strip() else None
        self.has_more = len(page) > rows
        page = page[:rows]
        table.clear()
        for row in page:
            table.add_row(*table_cells(row), key=str(row["id"]))
        self.loaded = len(page)
        self._update_filters()
        if not page and self.hits is not None and not self.hits.ids and not self.hits.fuzzy_known:
            self._want_fuzzy()
        index = 0
        if keep_id is not None:
            for i, row in enumerate(page):
                if row["id"] == keep_id:
                    index = i
                    break
            else:
                index = keep_index or 0
        elif keep_index is not None:
            index = keep_index
        if page:
            index = max(0, min(index, len(page) - 1))
            table.move_cursor(row=index, animate=False, scroll=True)
            term_id = page[index]["id"]
        else:
            term_id = None
        # the table is painted first; the detail pane follows right after
        self.current_id = term_id
        self._detail_wanted = term_id
        self.call_after_refresh(self._show_wanted)

    def _plain(self) -> bool:
        return self.q.status == "all" and self.q.document is None and self.q.order == "score"

    def _show_wanted(self) -> None:
        if self._detail_wanted == self.current_id:
            self.show_term(self.current_id, keep_highlight=False)

    def load_more(self) -> None:
        page = data.fetch_page(self.g, self.q, limit=PAGE + 1, offset=self.loaded)
        self.has_more = len(page) > PAGE
        page = page[:PAGE]
        for row in page:
            self.table.add_row(*table_cells(row), key=str(row["id"]))
        self.loaded += len(page)
        self._update_filters()

    def _update_filters(self) -> None:
        total = data.count_terms(self.g, self.q)
        if total is None:
            n = f"{self.loaded}{'+' if self.has_more else ''}"
            shown = f"{n} term{'' if n == '1' else 's'}"
        else:
            shown = f"{self.loaded} of {total} terms" if self.has_more else f"{total} term{'' if total == 1 else 's'}"
        if self.loaded == 0:
            shown = "no terms match" if self.q.text.strip() or self.q.status != "all" else "no terms yet"
        busy = f" · translating {len(self.translating)}…" if self.translating else ""
        self.query_one("#filters", Static).update(f"{self.q.describe()} │ {shown}{busy}")
        self._update_hint()

    def _update_hint(self) -> None:
        """The line under the filters: how the lookup matched, or "did you mean"."""
        hint = self.query_one("#hint", Static)
        hits, text = self.hits, " ".join(self.q.text.split())
        line = Text(no_wrap=True, overflow="ellipsis")
        if hits is not None and hits.match == "fuzzy" and hits.fuzzy:
            line.append(f"no term “{text}” · did you mean: ", style="bold yellow")
            line.append(", ".join(name for name, _ in hits.fuzzy))
        elif hits is not None and hits.match in ("variant", "compound", "lemma") and hits.matched:
            line.append(f"“{text}” → ", style="dim")
            line.append(hits.matched, style="bold")
            line.append(f" ({hits.match}, as glossary lookup)", style="dim")
        elif hits is not None and not hits.ids and self._fuzzy_wanted == self._fuzzy_key():
            line.append(f"no term “{text}” · looking for similar spellings…", style="dim")
        hint.update(line)
        hint.display = bool(line.plain)

    # -- fuzzy "did you mean" (a worker thread with its own connection: never slows typing) -------

    def _fuzzy_key(self) -> tuple:
        return (self.q.text, self.q.kind)

    def _want_fuzzy(self) -> None:
        if len(self.q.text.strip()) < data.FUZZY_MIN_CHARS or self.q.status == "not-a-term":
            return
        self._fuzzy_wanted = self._fuzzy_key()
        self._update_hint()
        self._fuzzy_worker(self.q.text, self.q.kind, self.g.path)

    @work(thread=True, exclusive=True, group="fuzzy")
    def _fuzzy_worker(self, text: str, kind: str | None, db_path: Path) -> None:
        with _FUZZY_LOCK:
            g = _fuzzy_glossary(db_path)
            names, ids = data.fuzzy_suggestions(g, text, kind=kind)
        try:
            self.app.call_from_thread(self._fuzzy_done, text, kind, names, ids)
        except RuntimeError:  # the app has stopped meanwhile
            pass

    def _fuzzy_done(self, text: str, kind: str | None, names: list, ids: list[int]) -> None:
        if not self.is_attached or (text, kind) != self._fuzzy_key():
            return  # typed on since (or the app is closing)
        self._fuzzy_wanted = None
        data.remember_fuzzy(self.g, text, kind, names, ids)
        self.load_table()

    def refresh_row(self, term_id: int) -> None:
        row = data.fetch_row(self.g, term_id)
        if row is None:
            return
        try:
            self.table.get_row_index(str(term_id))
        except Exception:  # not in the loaded rows
            return
        for key, value in zip(("term", "kind", "freq", "docs", "english", "status"), table_cells(row)):
            self.table.update_cell(str(term_id), key, value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is None or event.row_key.value is None:
            return
        term_id = int(event.row_key.value)
        if term_id != self.current_id:
            self.show_term(term_id)
        if self.has_more and event.cursor_row >= self.loaded - PREFETCH:
            self.load_more()

    def show_term(self, term_id: int | None, *, keep_highlight: bool = False) -> None:
        self.current_id = term_id
        detail = data.term_detail(self.g, term_id) if term_id is not None else None
        self.detail.show(detail, keep_highlight=keep_highlight)

    # -- search and focus ------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        self.q.text = event.value
        self.load_table()

    def action_focus_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def action_focus_table(self) -> None:
        if not self.has_class("empty"):
            self.set_focus(self.table)

    def action_search_to_table(self) -> None:
        self.action_focus_table()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_detail()

    def action_open_detail(self) -> None:
        if self.current_id is not None:
            self.set_focus(self.query_one("#candidates", OptionList))

    def action_moved(self, what: str, key: str) -> None:
        self.notify(f"{what} is on {key} now (a key no search word can type)", timeout=3)

    def action_reload(self) -> None:
        self._check_empty()
        self.query_one("#first-run", Static).update(first_run_text(self.g))
        self.load_table(keep_id=self.current_id)

    # -- the writes -------------------------------------------------------------------------------

    def _in_candidates(self) -> bool:
        return self.focused is self.query_one("#candidates", OptionList)

    def _sync_detail(self):
        """The detail of the term under the table cursor (refreshed if it is not shown yet)."""
        detail = getattr(self.detail, "detail", None)
        shown = detail.term["id"] if detail is not None else None
        if shown != self.current_id:
            self.show_term(self.current_id, keep_highlight=False)
            detail = getattr(self.detail, "detail", None)
        return detail

    def _target_translation(self) -> dict | None:
        """The highlighted candidate when the list has focus, else the term's chosen one."""
        detail = self._sync_detail()
        if detail is None:
            return None
        if self._in_candidates():
            tid = self.detail.selected_translation_id()
            return next((tr for tr in detail.translations if tr["id"] == tid), None)
        return next((tr for tr in detail.translations if data.is_live(tr)), None)

    def _write(self, change: Callable[[], object], message: str, *, reload: bool = False) -> None:
        """Run one library write; show the error instead of crashing on a GlossaryError."""
        term_id = self.current_id
        try:
            change()
        except GlossaryError as exc:
            self.notify(str(exc), severity="error", timeout=4)
            return
        if reload:
            self.load_table(keep_id=term_id, keep_index=self.table.cursor_row, rows=max(PAGE, self.loaded))
        elif term_id is not None:
            self.refresh_row(term_id)
            self.show_term(term_id, keep_highlight=True)
            self._update_filters()
        if message:
            self.notify(message, timeout=2)

    def _term_name(self) -> str:
        detail = self._sync_detail()
        return detail.term["term"] if detail else ""

    def action_approve(self) -> None:
        detail = self._sync_detail()
        tr = self._target_translation()
        if detail is None or tr is None:
            self.notify("no translation to approve: press t to type one", severity="warning", timeout=3)
            return
        approve_with_care(self, detail, tr, lambda: self._write(
            lambda: self.g.approve(tr["id"]), f"approved “{tr['text']}”"))

    def action_reject(self) -> None:
        tr = self._target_translation()
        if tr is None:
            self.notify("no translation to reject", severity="warning", timeout=3)
            return
        reject_toggle(self.g, tr, self._write)

    def action_type_translation(self) -> None:
        term_id = self.current_id
        if term_id is None:
            return

        def done(text: str | None) -> None:
            if text and text.strip():
                self._write(lambda: self.g.set_translation(term_id, text), f"saved “{' '.join(text.split())}”")

        self.app.push_screen(TextPrompt(f"English for “{self._term_name()}”", placeholder="type the translation",
                                        hint="Enter: save as approved human translation · Escape: cancel"), done)

    def action_edit_translation(self) -> None:
        detail = self._sync_detail()
        tr = self._target_translation()
        if detail is None or tr is None:
            self.action_type_translation()
            return
        edit_with_care(self, self.g, detail, tr, lambda change, message: self._write(change, message))

    def action_note(self) -> None:
        detail = self._sync_detail()
        if detail is not None:
            edit_note(self, self.g, detail, lambda change, message: self._write(change, message))

    def action_not_a_term(self) -> None:
        detail = self._sync_detail()
        if detail is None:
            return
        term_id = detail.term["id"]
        if detail.term["status"] == "not_a_term":
            self._write(lambda: self.g.set_term_status(term_id, "active"), f"restored “{detail.term['term']}”",
                        reload=True)
        else:
            self._write(lambda: self.g.set_term_status(term_id, "not_a_term"),
                        f"“{detail.term['term']}” marked as not a term (Ctrl+Z: undo)", reload=True)

    def action_merge(self) -> None:
        keep_id = self.current_id
        if keep_id is None:
            return
        name = self._term_name()

        def search(text: str) -> list[dict]:
            if not text.strip():
                return []
            rows = data.fetch_page(self.g, Query(text=text), limit=30)
            return [r for r in rows if r["id"] != keep_id]

        def picked(other_id: int | None) -> None:
            if other_id is None:
                return
            other = self.g.term(other_id)
            other_name = other["term"] if other else str(other_id)

            def answered(yes: bool | None) -> None:
                if yes:
                    self._write(lambda: data.merge_terms(self.g, keep_id, other_id),
                                f"merged “{other_name}” into “{name}” (Ctrl+Z: undo)", reload=True)

            self.app.push_screen(confirm(f"Merge “{other_name}” into “{name}”? (“{other_name}” becomes a variant)",
                                         "merge"), answered)

        self.app.push_screen(TermPicker(f"Merge which term into “{name}”?", search), picked)

    def action_undo(self) -> None:
        term_id = self.current_id
        row = undo_last(self, self.g)
        if row is None:
            return
        keep = row.get("term_id") or term_id
        self.load_table(keep_id=keep, keep_index=self.table.cursor_row, rows=max(PAGE, self.loaded))

    def action_review(self) -> None:
        from .review import ReviewScreen

        if self.has_class("empty"):
            return
        self.app.push_screen(ReviewScreen(self.g, Query(**vars(self.q))), lambda _: self._after_review())

    def _after_review(self) -> None:
        self.load_table(keep_id=self.current_id, rows=max(PAGE, self.loaded))

    # -- translate now -------------------------------------------------------------------------

    def action_translate_term(self) -> None:
        term_id = self.current_id
        if term_id is None:
            return
        if term_id in self.translating:
            self.notify("already translating this term", timeout=2)
            return
        self.translating.add(term_id)
        self._update_filters()
        self.notify(f"translating “{self._term_name()}”…", timeout=2)
        self._translate_worker(term_id, self.g.path)

    @work(thread=True, group="translate")
    def _translate_worker(self, term_id: int, db_path: Path) -> None:
        # the MT stack is imported here, in the worker thread, never at start-up
        message, severity = "", "information"
        try:
            with Glossary(db_path, create=False) as g:
                message = translate_one(g, term_id, progress=lambda text: self.app.call_from_thread(
                    self._translate_progress, text))
        except Exception as exc:  # noqa: BLE001 - shown to the user, the UI keeps running
            message, severity = f"translation failed: {exc}", "error"
        self.app.call_from_thread(self._translate_done, term_id, message, severity)

    def _translate_progress(self, text: str) -> None:
        self.query_one("#filters", Static).update(f"{self.q.describe()} │ {text}")

    def _translate_done(self, term_id: int, message: str, severity: str) -> None:
        self.translating.discard(term_id)
        self.refresh_row(term_id)
        if term_id == self.current_id:
            self.show_term(term_id, keep_highlight=True)
        self._update_filters()
        self.notify(message, severity=severity, timeout=4)

    # -- filters and sorting -------------------------------------------------------------------

    def action_cycle_status(self) -> None:
        i = STATUS_FILTERS.index(self.q.status)
        self.set_filter(status=STATUS_FILTERS[(i + 1) % len(STATUS_FILTERS)])

    def action_cycle_kind(self) -> None:
        i = KIND_FILTERS.index(self.q.kind)
        self.set_filter(kind=KIND_FILTERS[(i + 1) % len(KIND_FILTERS)])

    def action_cycle_sort(self) -> None:
        i = SORTS.index(self.q.order)
        self.set_filter(order=SORTS[(i + 1) % len(SORTS)])

    def set_filter(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.q, key, value)
        self.load_table(keep_id=self.current_id)

    def action_pick_document(self) -> None:
        pick_document(self, self.g, self.q, "Show the terms of which document?",
                      lambda: self.load_table(keep_id=self.current_id))

    # -- export ----------------------------------------------------------------------------------

    def action_export(self) -> None:
        try:
            from glossary.formats import EXPORT_FORMATS, FORMATS
        except ImportError:
            self.notify("export is not available in this version", severity="error")
            return
        stem = Path(str(self.g.path)).stem

        def got_format(fmt: str | None) -> None:
            if not fmt:
                return
            default = str(Path.cwd() / f"{stem}{FORMATS[fmt][1][0]}")

            def got_path(path: str | None) -> None:
                if path and path.strip():
                    self.notify(f"exporting {fmt} to {path.strip()}…", timeout=2)
                    self._export_worker(fmt, path.strip(), Query(**vars(self.q)), self.g.path)

            self.app.push_screen(TextPrompt(f"Export as {fmt} to", value=default,
                                            hint=f"filters: {self.q.describe()} · Enter: export · Escape: cancel"),
                                 got_path)

        self.app.push_screen(ChoiceScreen("Export format", [(f, f) for f in EXPORT_FORMATS]), got_format)

    @work(thread=True, group="export")
    def _export_worker(self, fmt: str, path: str, q: Query, db_path: Path) -> None:
        try:
            with Glossary(db_path, create=False) as g:
                n = data.export_glossary(g, fmt, path, q)
            message, severity = f"exported {n} terms to {path}", "information"
        except (GlossaryError, OSError) as exc:
            message, severity = f"export failed: {exc}", "error"
        self.app.call_from_thread(self.notify, message, severity=severity, timeout=5)

    # -- other -----------------------------------------------------------------------------------

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_help_key(self) -> None:
        self.action_help()

    def action_toggle_theme(self) -> None:
        self.app.theme = "textual-light" if self.app.theme == "textual-dark" else "textual-dark"


def translate_one(g: Glossary, term_id: int, progress: Callable[[str], None] | None = None) -> str:
    """Translate one term with every available backend; returns a one-line summary.

    Runs each backend of ``glossary.translate.available_backends`` (the same modules
    ``translate_glossary`` uses) on this one term; machine sources never touch approved,
    rejected or human translations."""
    import glossary.translate as translate

    term = g.term(term_id)
    if term is None:
        return "the term is gone"
    backends = translate.available_backends(g)
    if not backends:
        return translate._why_unavailable("argos") if hasattr(translate, "_why_unavailable") else \
            "no translation backend available"
    item = {k: term[k] for k in ("id", "term", "lemma", "key", "kind", "score", "frequency")}
    item["parts"] = [p for p in (term.get("parts") or "").split("+") if p]
    before = len(g.translations(term_id))
    for i, name in enumerate(backends, 1):
        if progress:
            progress(f"translating “{term['term']}” with {name} ({i}/{len(backends)})…")
        if name == "argos":
            from glossary.translate.argos import translate_terms
        elif name == "dictionary":
            from glossary.translate.dictionary import translate_terms
        else:
            from glossary.translate.align import translate_terms
        translate_terms(g, [item])
    added = len(g.translations(term_id)) - before
    return f"“{term['term']}”: {added} new candidate(s) from {', '.join(backends)}"


class GlossaryApp(App):
    """The glossary workbench. ``GlossaryApp(db_path)``; the database must exist."""

    CSS_PATH = "app.tcss"
    TITLE = "glossary"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, db_path: str | Path, *, theme: str = "textual-dark") -> None:
        super().__init__()
        self.g = Glossary(db_path, create=False)
        self.db_path = self.g.path
        self._start_theme = theme

    def on_mount(self) -> None:
        self.theme = self._start_theme
        self.sub_title = Path(str(self.db_path)).name
        self.push_screen(MainScreen(self.g))

    def on_unmount(self) -> None:
        self.g.close()
        with _FUZZY_LOCK:
            for g in _FUZZY_DB.values():
                g.close()
            _FUZZY_DB.clear()

    @property
    def main(self) -> MainScreen | None:
        screen = self.screen
        return screen if isinstance(screen, MainScreen) else None

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen):
            return
        s = screen
        yield SystemCommand("Approve", "Approve the highlighted (or chosen) translation", s.action_approve)
        yield SystemCommand("Type a translation", "Type the English (saved as human, approved)",
                            s.action_type_translation)
        yield SystemCommand("Edit translation", "Edit the highlighted translation", s.action_edit_translation)
        yield SystemCommand("Reject / un-reject", "Reject the highlighted translation", s.action_reject)
        yield SystemCommand("Note", "Add or edit the term's note", s.action_note)
        yield SystemCommand("Not a term", "Mark the term as not-a-term (or restore it)", s.action_not_a_term)
        yield SystemCommand("Merge variants", "Merge another term into this one", s.action_merge)
        yield SystemCommand("Translate this term now", "Run the translation backends on this term",
                            s.action_translate_term)
        yield SystemCommand("Undo", "Undo your last change (Ctrl+Z)", s.action_undo)
        yield SystemCommand("Review", "The terms needing a decision, one by one (Ctrl+R)", s.action_review)
        yield SystemCommand("Export", "Export the glossary (pick a format and a path)", s.action_export)
        yield SystemCommand("Help", "Keys and screens", s.action_help)
        yield SystemCommand("Filter by document", "Show only the terms of one document", s.action_pick_document)
        for status in STATUS_FILTERS:
            yield SystemCommand(f"Filter: {status}", f"Show {status} terms",
                                lambda st=status: s.set_filter(status=st))
        for kind in KIND_FILTERS:
            yield SystemCommand(f"Kind: {kind or 'any'}", f"Show {kind or 'all'} kinds",
                                lambda k=kind: s.set_filter(kind=k))
        for order in SORTS:
            yield SystemCommand(f"Sort by {order}", f"Sort the table by {order}",
                                lambda o=order: s.set_filter(order=o))
        yield SystemCommand("Toggle dark/light", "Switch between the dark and light theme", s.action_toggle_theme)


def run_app(db_path: str | Path) -> int:
    """Open the glossary at ``db_path`` in the terminal UI. Returns the exit status."""
    try:
        app = GlossaryApp(db_path)
    except GlossaryError as exc:
        print(f"glossary: error: {exc}", file=sys.stderr)
        return 1
    app.run()
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    from glossary.config import resolve_db_path

    parser = argparse.ArgumentParser(prog="python -m glossary_tui", description="The glossary terminal UI.")
    parser.add_argument("--db", help="the glossary database (default: $GLOSSARY_DB or the user data dir)")
    args = parser.parse_args(argv)
    return run_app(resolve_db_path(args.db))
