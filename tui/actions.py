"""Decisions shared by the main and the review screen: approve, edit, undo — with the questions
that keep a human decision from being replaced by accident. Writes go through ``Glossary``."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from glossary.errors import GlossaryError
from glossary.store import Glossary

from . import data
from .screens import AskScreen, ChoiceScreen, TextPrompt, confirm

Write = Callable[[Callable[[], object], str], None]


def approved_of(detail: data.Detail) -> dict | None:
    return next((tr for tr in detail.translations if tr["status"] == "approved"), None)


def approve_with_care(screen: Screen, detail: data.Detail, tr: dict, do: Callable[[], None]) -> None:
    """Approve ``tr``; when another translation is approved, ask first (y replaces it)."""
    if tr["status"] == "approved":
        screen.notify(f"“{tr['text']}” is already the approved translation", timeout=2)
        return
    current = approved_of(detail)
    if current is None:
        do()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            do()

    screen.app.push_screen(confirm(
        f"“{detail.term['term']}” already has the approved “{current['text']}”. Replace it with “{tr['text']}”?",
        "replace it"), answered)


def reject_toggle(g: Glossary, tr: dict, write: Write) -> None:
    """Reject ``tr``, or un-reject it when it is rejected already (one key for both)."""
    if tr["status"] == "rejected":
        write(lambda: g.unreject(tr["id"]), f"un-rejected “{tr['text']}” (Ctrl+Z: undo)")
    else:
        write(lambda: g.reject(tr["id"]), f"rejected “{tr['text']}” (Ctrl+Z: undo)")


def edit_with_care(screen: Screen, g: Glossary, detail: data.Detail, tr: dict, write: Write,
                   after: Callable[[bool], None] | None = None) -> None:
    """Edit a translation. Editing the approved one keeps it approved; editing any other asks
    whether the edit becomes the approved translation (n: it stays a candidate), so an approved
    translation is never demoted silently. ``after(approved)`` runs once something was saved."""
    term_id, name = detail.term["id"], detail.term["term"]
    current = approved_of(detail)

    def save(text: str, approve: bool) -> None:
        def change() -> None:
            if tr["source"] == "human":
                with g.transaction():
                    g.edit_translation(tr["id"], text)
                    if approve:
                        g.approve(tr["id"])
            else:  # a machine/imported row is kept; the edit is a new human translation
                g.set_translation(term_id, text, approve=approve)

        state = "approved" if approve else "a candidate"
        write(change, f"saved “{text}” as {state}")
        if after:
            after(approve)

    def edited(text: str | None) -> None:
        text = " ".join((text or "").split())
        if not text or text == tr["text"]:
            return
        if tr["status"] == "approved":
            save(text, True)
            return
        now = f" (now approved: “{current['text']}”)" if current else ""

        def answered(approve: bool | None) -> None:
            if approve is not None:
                save(text, approve)

        screen.app.push_screen(AskScreen(
            f"Make “{text}” the approved translation of “{name}”?{now}", {"y": True, "n": False},
            "y: approve it · n: keep it as a candidate · Escape: cancel (nothing saved)"), answered)

    screen.app.push_screen(TextPrompt(f"Edit the English of “{name}”", value=tr["text"]), edited)


def undo_last(screen: Screen, g: Glossary) -> dict | None:
    """Undo this user's latest change; tell what was undone. Returns the history row or None."""
    try:
        row = g.undo()
    except GlossaryError as exc:
        screen.notify(str(exc), severity="error", timeout=5)
        return None
    if row is None:
        screen.notify("nothing to undo", timeout=2)
        return None
    screen.notify(f"undid: {data.describe_change(g, row)}", timeout=4)
    return row


def edit_note(screen: Screen, g: Glossary, detail: data.Detail, write: Write) -> None:
    """Ask for the term's note (empty removes it) and save it."""
    term_id = detail.term["id"]

    def done(text: str | None) -> None:
        if text is not None:
            write(lambda: g.set_note(term_id, text.strip() or None), "note saved")

    screen.app.push_screen(TextPrompt(f"Note on “{detail.term['term']}”", value=detail.term.get("note") or "",
                                      hint="Enter: save (empty: remove) · Escape: cancel"), done)


def pick_document(screen: Screen, g: Glossary, q: data.Query, title: str, done: Callable[[], None]) -> None:
    """Let the user pick a document (or all) for ``q``'s document filter; ``done()`` after a pick."""
    docs = data.documents(g)
    choices: list[tuple[str, object]] = [("All documents", "__all__")] + [(d["name"], d) for d in docs]
    selected = next((i + 1 for i, d in enumerate(docs) if d["id"] == q.document), 0)

    def picked(choice) -> None:
        if choice is None:
            return
        if choice == "__all__":
            q.document, q.document_name = None, None
        else:
            q.document, q.document_name = choice["id"], choice["name"]
        done()

    screen.app.push_screen(ChoiceScreen(title, choices, selected), picked)
