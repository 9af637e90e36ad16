"""Modal screens: text prompt, choice list, term picker, help."""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from .keys import EDIT_BINDINGS, SafeKeys


class TextPrompt(SafeKeys, ModalScreen[str | None]):
    """Ask for one line of text. Enter accepts, Escape cancels. Editing keys keep their place
    among the letters of a burst (see tui.keys)."""

    TYPING_ACTIONS = frozenset({"cancel"})
    BINDINGS = [*EDIT_BINDINGS, Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", hint: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint or "Enter: save · Escape: cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt_title, classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        # synchronously: keys typed right after the key that opened the prompt go to the box
        self.set_focus(self.query_one(Input))

    def on_key(self, event: events.Key) -> None:
        # a key that reached the screen before the box had focus (a fast typist, a paste)
        box = self.query_one(Input)
        if self.focused is not box and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.set_focus(box)
            box.insert_text_at_cursor(event.character)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[Any]):
    """Pick one of several choices. Enter picks, Escape cancels (returns None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, Any]], selected: int = 0) -> None:
        super().__init__()
        self.prompt_title = title
        self.choices = choices
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt_title, classes="dialog-title")
            yield OptionList(*[Option(label, id=str(i)) for i, (label, _) in enumerate(self.choices)],
                             id="choices")
            yield Label("↑↓: choose · Enter: pick · Escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = min(self.selected, len(self.choices) - 1) if self.choices else None
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TermPicker(SafeKeys, ModalScreen[int | None]):
    """Search a term (search-as-you-type) and pick it: returns its id."""

    TYPING_ACTIONS = frozenset({"cancel", "to_list"})
    BINDINGS = [*EDIT_BINDINGS, Binding("escape", "cancel", "Cancel"), Binding("down", "to_list", show=False)]

    def __init__(self, title: str, search: Callable[[str], list[dict]]) -> None:
        super().__init__()
        self.prompt_title = title
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt_title, classes="dialog-title")
            yield Input(placeholder="type part of the term…", id="picker-input")
            yield OptionList(id="picker-list")
            yield Label("type to search · ↓ Enter: pick · Escape: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    def on_key(self, event: events.Key) -> None:
        box = self.query_one(Input)
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.set_focus(box)
            box.insert_text_at_cursor(event.character)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        options = self.query_one(OptionList)
        options.clear_options()
        for row in self.search(event.value):
            options.add_option(Option(row["term"], id=str(row["id"])))
        if options.option_count:
            options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.option_count:
            self.dismiss(int(options.get_option_at_index(options.highlighted or 0).id))

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskScreen(ModalScreen[Any]):
    """A question answered with one key: ``answers`` maps keys to results (e.g. ``{"y": True}``).

    Escape, and any other key, dismisses with ``None``: a burst of keys meant for something else
    cancels the question instead of answering it."""

    def __init__(self, question: str, answers: dict[str, Any], hint: str) -> None:
        super().__init__()
        self.question = question
        self.answers = answers
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog ask"):
            yield Label(self.question, classes="dialog-title")
            yield Label(self.hint, classes="dialog-hint")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss(self.answers.get(event.key))


def confirm(question: str, yes: str = "yes") -> AskScreen:
    """A yes/no question: ``y`` answers True; anything else (Escape, Enter, other keys) cancels."""
    return AskScreen(question, {"y": True}, f"y: {yes} · any other key: cancel")


HELP_KEYS = [
    ("Moving around", [
        ("/", "search box: Dutch or English, inflected forms (kredieten → krediet), typos (did you mean)"),
        ("↓ / Enter", "in the search box: go to the table"),
        ("Escape", "search box or translations → table; closes dialogs"),
        ("↑↓ PgUp PgDn", "move in the table (Home/End: first/last; more rows load as you go)"),
        ("Enter", "in the table: go to the term's translations"),
        ("Tab / Shift+Tab", "next / previous pane"),
    ]),
    ("Deciding", [
        ("a", "approve the highlighted translation (in the table: the chosen one); asks before replacing an approved one"),
        ("t", "type a translation (stored as human, approved)"),
        ("e", "edit the highlighted translation; asks whether the edit becomes the approved one"),
        ("n", "add or edit the term's note"),
        ("m", "merge another term into this one (asks first)"),
        ("T", "translate this term now (in the background)"),
        ("Delete, Ctrl+D", "reject the highlighted translation (again: un-reject)"),
        ("Ctrl+X", "mark as not-a-term (again: restore)"),
        ("Ctrl+Z", "undo your last change (says which)"),
        ("Ctrl+R", "review: the terms needing a decision, one by one"),
    ]),
    ("Review screen", [
        ("a", "approve the highlighted candidate and go to the next term"),
        ("1 … 9", "approve candidate n and go on"),
        ("s / →", "skip (← goes back)"),
        ("t / e", "type your own / edit the highlighted one"),
        ("Delete, Ctrl+X", "reject the candidate / not a term (and go on)"),
        ("k / d", "kind / document filter of the queue"),
        ("Escape", "back to the table"),
    ]),
    ("Viewing", [
        ("f", "status filter: all, untranslated, candidate, approved, rejected, not-a-term"),
        ("k", "kind filter: any, term, name, loanword"),
        ("d", "document filter (pick a document)"),
        ("s", "sort: score, term, frequency, documents"),
        ("F2", "dark / light theme"),
    ]),
    ("Other", [
        ("Ctrl+E", "export (pick a format, then a path)"),
        ("Ctrl+P", "command palette (every action by name)"),
        ("? / F1", "this help"),
        ("Ctrl+Q", "quit (every change is already saved)"),
    ]),
    ("Safe keys", [
        ("", "letters never change data while you type in a box: after / every key goes to the search "
             "box, even in a fast burst or a paste. Rejecting, not-a-term, undo and review are on keys "
             "no word can type; replacing an approved translation and merging ask first (y)."),
    ]),
]


def help_text():
    from rich.console import Group
    from rich.table import Table

    parts = []
    for section, keys in HELP_KEYS:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True, title=section,
                      title_justify="left", title_style="bold underline")
        table.add_column(style="bold", no_wrap=True, width=16)
        table.add_column(ratio=1)
        for key, what in keys:
            table.add_row(key, what)
        parts.append(table)
        parts.append(Text(""))
    return Group(*parts[:-1])


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("glossary — keys", classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield Static(help_text(), id="help-body")
            yield Label("↑↓: scroll · Escape: close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
