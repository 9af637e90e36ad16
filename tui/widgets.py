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


def candidate_prompt(tr: dict) -> Text:
    mark = {"approved": "✓", "rejected": "✗"}.get(tr["status"], "·")
    style = {"approved": "bold green", "rejected": "red strike"}.get(tr["status"], "")
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{mark} ", style=style)
    text.append(tr["text"], style=style)
    source = SOURCE_LABEL.get(tr["source"], tr["source"])
    meta = f"  {source}"
    if tr.get("origin"):
        meta += f" ({tr['origin']})"
    if tr.get("score") is not None:
        meta += f"  {tr['score']:.2f}"
    meta += f"  {tr['status']}"
    text.append(meta, style="dim")
    return text


class DetailPane(Vertical):
    """The selected term: translations (a focusable list), contexts, variants, documents."""

    BINDINGS = [Binding("escape", "app.focus_table", "Back to table", show=False)]

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title")
        yield OptionList(id="candidates")
        with VerticalScroll(id="detail-info"):
            yield Static("", id="detail-body")

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
        t = detail.term
        head = Text(no_wrap=True, overflow="ellipsis")
        head.append(t["term"], style="bold")
        head.append(f"  {t['kind']} · freq {t['frequency'] or 0} · docs {t['doc_count'] or 0}", style="dim")
        if t["status"] == "not_a_term":
            head.append("  not-a-term", style="bold red")
        title.update(head)
        if detail.translations:
            options.add_options([Option(candidate_prompt(tr), id=str(tr["id"])) for tr in detail.translations])
            options.highlighted = min(old or 0, options.option_count - 1)
        else:
            options.add_option(Option(Text("no translation yet — press t to type one, T to translate",
                                           style="dim italic"), id="none", disabled=True))
        body.update(self.render_body(detail))

    def render_body(self, detail: Detail) -> Text:
        width = max(30, (self.size.width or 80) - 4)
        t = detail.term
        out = Text()
        if t.get("note"):
            out.append("Note: ", style="bold")
            out.append(t["note"] + "\n")
        out.append("Contexts\n", style="bold underline")
        if not detail.contexts:
            out.append("  (none)\n", style="dim")
        for ctx in detail.contexts:
            out.append("  ")
            out.append_text(kwic(ctx["text"], ctx["start"], ctx["end"], width - 2))
            out.append("\n")
            if ctx.get("translation"):
                en = ctx["translation"]
                if len(en) > width - 6:
                    en = en[:width - 7] + "…"
                out.append(f"    EN: {en}\n", style="italic dim")
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
