"""Widgets of the main screen: the term table and the detail pane."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from .data import SOURCE_LABEL, Detail

STATUS_STYLE = {
    "approved": "bold green",
    "candidate": "",
    "rejected": "red",
    "untranslated": "dim",
    "not-a-term": "dim strike",
}
KIND_LABEL = {"term": "term", "name": "name", "loanword": "loan"}


class TermTable(DataTable):
    """The term list (a page of rows; more are loaded as the cursor nears the end)."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True


def column_widths(width: int) -> dict[str, int]:
    """Column widths that fit ``width`` terminal columns (cell padding 1 each side)."""
    fixed = {"kind": 4, "freq": 4, "docs": 4, "status": 12}
    spare = max(20, width - 2 - sum(fixed.values()) - 6 * 2)
    term = max(12, spare * 55 // 100)
    return {"term": term, **fixed, "english": max(8, spare - term)}


def table_cells(row: dict) -> tuple:
    status = row["status"]
    return (
        row["term"],
        KIND_LABEL.get(row["kind"], row["kind"]),
        Text(str(row["frequency"] or 0), justify="right"),
        Text(str(row["doc_count"] or 0), justify="right"),
        row["english"] or "",
        Text(status, style=STATUS_STYLE.get(status, "")),
    )


def kwic(text: str, start: int, end: int, width: int) -> Text:
    """One keyword-in-context line: the term centred-left and highlighted."""
    term = text[start:end]
    left = " ".join(text[:start].split())
    right = " ".join(text[end:].split())
    if text[:start].endswith((" ", "\n")):
        left += " "
    if text[end:].startswith((" ", "\n")):
        right = " " + right
    room = max(10, width - len(term))
    left_room = max(4, room * 2 // 5)
    if len(left) > left_room:
        left = "…" + left[len(left) - left_room + 1:]
    else:
        left = left.rjust(left_room)
    right_room = max(4, room - left_room)
    if len(right) > right_room:
        right = right[:right_room - 1] + "…"
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(left)
    line.append(term, style="bold reverse")
    line.append(right)
    return line


#: the line above a term's weak candidates in its translation list
WEAK_HEADING = "weak: below the suggestion floor, not suggested (highlight one, a approves it)"


def candidate_prompt(tr: dict, number: int | None = None) -> Text:
    """One translation: mark, text, then source (origin) · score · status, apart from the text."""
    mark = {"approved": "✓", "rejected": "✗", "weak": "?"}.get(tr["status"], "·")
    style = {"approved": "bold green", "rejected": "red strike", "weak": "dim"}.get(tr["status"], "")
    text = Text(no_wrap=True, overflow="ellipsis")
    if number is not None:
        text.append(f"{number} " if number < 10 else "  ", style="bold")
    text.append(f"{mark} ", style=style)
    text.append(tr["text"], style=style)
    source = SOURCE_LABEL.get(tr["source"], tr["source"])
    meta = [f"{source} ({tr['origin']})" if tr.get("origin") else source]
    if tr.get("score") is not None:
        try:
            meta.append(f"{float(tr['score']):.2f}")
        except (TypeError, ValueError):
            pass
    meta.append(tr["status"])
    text.append("  ·  ", style="dim")
    text.append(" · ".join(meta), style="dim")
    return text


def term_heading(t: dict, extra: str = "") -> Text:
    """``kredietwaardigheid · term · freq 2 · docs 2`` (fields apart, never run together)."""
    head = Text(no_wrap=True, overflow="ellipsis")
    head.append(t["term"], style="bold")
    head.append(f" · {t['kind']} · freq {t['frequency'] or 0} · docs {t['doc_count'] or 0}", style="dim")
    if t["status"] == "not_a_term":
        head.append(" · not-a-term", style="bold red")
    if extra:
        head.append(f" · {extra}", style="bold yellow")
    return head


class DetailPane(Vertical):
    """The selected term: translations (a focusable list), contexts, variants, documents."""

    BINDINGS = [Binding("escape", "app.focus_table", "Back to table", show=False)]

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield OptionList(id="candidates")
        with VerticalScroll(id="detail-info"):
            yield Static("", id="detail-body")

    #: number the translations (the review screen approves candidate n with key n)
    numbered = False
    #: shown after the heading (the review screen: why the term needs a decision)
    extra = ""
    #: shown in the translations list of a term without any
    empty_hint = "no translation yet · t: type one · T: translate"

    def show(self, detail: Detail | None, *, keep_highlight: bool = True) -> None:
        title = self.query_one("#detail-title", Static)
        options = self.query_one("#candidates", OptionList)
        body = self.query_one("#detail-body", Static)
        old = options.highlighted if keep_highlight else None
        options.clear_options()
        self.detail = detail
        if detail is None:
            title.update(Text("No term selected", style="dim"))
            body.update("")
            return
        title.update(term_heading(detail.term, self.extra))
        if detail.translations:
            rows, headed = [], False
            for i, tr in enumerate(detail.translations, 1):
                if tr["status"] == "weak" and not headed:
                    # weak candidates are listed, never the first row: a line says what they are
                    rows.append(Option(Text(WEAK_HEADING, style="dim italic"), id="weak", disabled=True))
                    headed = True
                rows.append(Option(candidate_prompt(tr, i if self.numbered else None), id=str(tr["id"])))
            options.add_options(rows)
            at = min(old or 0, options.option_count - 1)
            if rows[at].disabled:  # the weak heading: the cursor goes to the candidate under it
                at = min(at + 1, options.option_count - 1)
            options.highlighted = at
        else:
            options.add_option(Option(Text(self.empty_hint, style="dim italic"), id="none", disabled=True))
        body.update(self.render_body(detail))

    def render_body(self, detail: Detail) -> Text:
        width = max(30, (self.size.width or 80) - 4)
        t = detail.term
        out = Text(no_wrap=True, overflow="ellipsis")  # one line per item: nothing wraps at 80 columns
        if t.get("note"):
            out.append("Note: ", style="bold")
            out.append(t["note"] + "\n")
        out.append("Contexts\n", style="bold underline")
        if not detail.contexts:
            out.append("  (none)\n", style="dim")
        # each context line starts with its document's name (a column as wide as the longest,
        # at most a fifth of the width)
        names = [str(ctx.get("document") or "") for ctx in detail.contexts]
        doc_width = min(max((len(n) for n in names), default=0), max(8, width // 5))
        for name, ctx in zip(names, detail.contexts):
            if len(name) > doc_width:
                name = name[:doc_width - 1] + "…"
            out.append(f" {name.ljust(doc_width)} ", style="cyan")
            out.append_text(kwic(ctx["text"], ctx["start"], ctx["end"], width - doc_width - 2))
            out.append("\n")
            if ctx.get("translation"):
                en = ctx["translation"]
                room = width - doc_width - 6
                if len(en) > room:
                    en = en[:room - 1] + "…"
                out.append(f" {' ' * doc_width}  EN: {en}\n", style="italic dim")
        out.append("Variants: ", style="bold")
        out.append((", ".join(detail.variants) or "—") + "\n")
        if detail.parts:
            out.append("Parts: ", style="bold")
            out.append(" + ".join(detail.parts) + "\n")
        out.append("Related: ", style="bold")
        out.append((", ".join(r["term"] for r in detail.related) or "—") + "\n")
        out.append("Documents: ", style="bold")
        out.append(", ".join(detail.documents) or "—")
        return out

    def selected_translation_id(self) -> int | None:
        options = self.query_one("#candidates", OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        option = options.get_option_at_index(options.highlighted)
        return int(option.id) if option.id and option.id.isdigit() else None
