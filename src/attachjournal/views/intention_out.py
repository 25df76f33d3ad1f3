"""What the weekly intention says: its quiet line on the check-in, the two steps at the end
of `attach review` (how last week's went, one for the coming week), and what was saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from attachjournal.views import render

if TYPE_CHECKING:
    from attachjournal.core.intention import Intention
    from attachjournal.usecases.intentions import IntentionDone


# The check-in's line lives with the check-in's other words (journal_out, which loads Rich
# only when it draws); named here too, where the rest of the intention's words are.
from attachjournal.views.journal_out import check_in_line as check_in_line


def follow_up(intention: Intention) -> None:
    out = render.stdout()
    out.print()
    out.print(render.safe_text("Last week's intention", "bold"))
    out.print(render.safe_text(intention.sentence, "italic"))
    out.print(render.safe_text("Any answer is fine; life happens. Enter skips.", "dim"))


def new_one() -> None:
    out = render.stdout()
    out.print()
    title = render.safe_text("An intention for the coming week", "bold")
    title.append_text(
        render.safe_text(" · one small if-then plan, if I'd like one. Enter skips.", "dim")
    )
    out.print(title)


def report(done: IntentionDone, json_out: bool) -> None:
    if json_out:
        render.print_json(
            {
                "followed": done.followed.as_dict() if done.followed else None,
                "saved": done.saved.as_dict() if done.saved else None,
                "kept": done.kept,
                "awaiting_follow_up": done.awaiting.as_dict() if done.awaiting else None,
                "current": done.current.as_dict() if done.current else None,
            }
        )
        return
    out = render.stdout()
    if done.half:
        out.print(
            render.safe_text(
                'Nothing saved for the coming week: a plan needs its "I will" too '
                "(attach review --intention to set one).",
                "dim",
            )
        )
        if done.followed is None and done.saved is None:
            return
    if done.followed is None and done.saved is None:
        if done.current is not None:
            plan = done.current
            out.print(render.safe_text(f"This week's intention (#{plan.id}): {plan.sentence}"))
            out.print(
                render.safe_text(
                    f"The next review asks how it went; attach edit {plan.id} changes it.", "dim"
                )
            )
        else:
            out.print(render.safe_text("No intention saved.", "dim"))
        return
    if done.followed is not None and done.followed.next == "let_go":
        out.print(render.safe_text(f"Let go: {done.followed.sentence} (#{done.followed.id})"))
    elif done.followed is not None and done.saved is None:
        out.print(render.safe_text(f"Noted how it went (#{done.followed.id})."))
    if done.saved is not None:
        verb = "Kept for another week" if done.kept else "Saved"
        who = f" (about {done.saved.who})" if done.saved.who else ""
        out.print(render.safe_text(f"{verb} #{done.saved.id}: {done.saved.sentence}{who}"))
        out.print(render.safe_text("It shows at the top of each check-in this week.", "dim"))
