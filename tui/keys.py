"""Key safety: printable keys never reach a command while a text box has (or is getting) focus."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class SafeKeys:
    """Key safety for a screen with a text box (docs/tui.md, "Key safety").

    Every binding of the screen is a *priority* binding: Textual checks those in the App, in the
    order the keys arrive, before it forwards a key to the focused widget. A binding whose action
    is not in ``TYPING_ACTIONS`` is declined (``check_action``) while a text box has focus, so the
    key is typed into the box instead. Moving focus to a box happens synchronously
    (``Screen.set_focus``) inside the binding, so in a burst like ``/rrbu`` every key after
    ``/`` already finds the box focused: nothing in between can reach a command.
    """

    #: actions that stay active while a text box has focus (their keys type no text)
    TYPING_ACTIONS: frozenset[str] = frozenset()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input):  # type: ignore[attr-defined]
            return action in self.TYPING_ACTIONS or action in EDIT_ACTIONS
        return action not in ("search_to_table", *EDIT_ACTIONS)

    def action_edit_box(self, name: str) -> None:
        """An editing key of the focused text box (Backspace, Ctrl+U, Ctrl+W), queued behind the
        letters typed before it: Textual runs an Input's own bindings only after the key has
        bubbled up, so in a burst ``kred<Ctrl+U>x`` the clearing would otherwise come after the x."""
        box = self.focused  # type: ignore[attr-defined]
        if isinstance(box, Input):
            box.call_later(getattr(box, f"action_{name}"))


#: actions of the text-box editing keys (active only while a text box has focus)
EDIT_ACTIONS = ("edit_box",)
#: the editing keys handled in order (see SafeKeys.action_edit_box)
EDIT_BINDINGS = [
    Binding("backspace", "edit_box('delete_left')", show=False, priority=True),
    Binding("ctrl+u", "edit_box('delete_left_all')", show=False, priority=True),
    Binding("ctrl+w", "edit_box('delete_left_word')", show=False, priority=True),
]


def bind(key: str, action: str, description: str = "", show: bool = True) -> Binding:
    return Binding(key, action, description, show=show, priority=True)
