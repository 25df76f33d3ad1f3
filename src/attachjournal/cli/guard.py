"""The one error boundary every command runs inside: expected errors become one kind line
and their exit code, a bug becomes one kind line without a traceback, and a reader that
stops early (`attach export | head`) ends the command quietly.

Kept free of heavy imports: it is loaded for `attach --help`.
"""

import contextlib
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from attachjournal.cli.context import Context, current
from attachjournal.errors import AttachError, Cancelled

F = TypeVar("F", bound=Callable[..., Any])


def _render() -> Any:
    # Loaded when there is something to say: a command printing JSON never loads Rich.
    from attachjournal.views import render

    return render


def guarded(func: F) -> F:
    """The one error boundary: expected errors become one kind line and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        context = current()
        context.start_command()  # warnings about the journal's place are said once per command
        saved = False
        try:
            result = func(*args, **kwargs)
            saved = True
            _editor_files(keep=False)
            return result
        except Cancelled as exc:
            _editor_files(keep=False)  # the person chose to save nothing
            _render().stderr().print()
            _render().error(exc.message, exc.hint)
            raise SystemExit(exc.exit_code) from None
        except AttachError as exc:
            _render().error(exc.message, exc.hint)
            _editor_files(keep=True)
            raise SystemExit(exc.exit_code) from None
        except KeyboardInterrupt:
            _editor_files(keep=False)
            _render().stderr().print()
            _render().error("Cancelled, nothing was saved.")
            raise SystemExit(Cancelled.exit_code) from None
        except SystemExit:
            _editor_files(keep=False)
            raise
        except BrokenPipeError:
            # The reader stopped early (`attach export | head`): nothing is wrong, say nothing.
            _editor_files(keep=False)
            quiet_stdout()
            raise SystemExit(PIPE_CLOSED) from None
        except Exception as exc:
            _unexpected(exc)
            _editor_files(keep=True)
            raise SystemExit(1) from None
        finally:
            _say_delivered()
            _run_afterwards(context, saved)

    return wrapper  # type: ignore[return-value]


def _say_delivered() -> None:
    """Entries the outbox delivered as this command reached the server, said in one line.

    The outbox is loaded only when a journal on a server was opened: a file journal's command
    pays one dictionary lookup here."""
    if "attachjournal.storage.outbox" not in sys.modules:
        return
    from attachjournal import storage

    count = storage.outbox_delivered()
    if count:
        entries, them = ("1 entry", "it") if count == 1 else (f"{count} entries", "them")
        _render().note(
            f"Delivered {entries} kept on this device while the server was away; "
            f"the journal on the server holds {them} now."
        )
    refused = storage.outbox_refused()
    if refused:
        entries = "1 entry" if refused == 1 else f"{refused} entries"
        _render().note(
            f"The server refused {entries} kept on this device; your words wait there: "
            "attach outbox shows what and why."
        )


# What a shell reports for a program stopped by SIGPIPE (128 + 13), as `cat` would end.
PIPE_CLOSED = 141


def quiet_stdout() -> None:
    """Point stdout at the null device, so flushing it at exit raises nothing (as Python's
    documentation on SIGPIPE recommends)."""
    # A stdout without a file descriptor (a test's capture) has nothing to flush.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _editor_files(*, keep: bool) -> None:
    """Answers written in an editor: removed once saved, kept (and their place told) if not."""
    files = current().editor_files
    if not files:
        return  # no editor was opened in this command
    from attachjournal.cli import long_text
    from attachjournal.views import render

    if not keep:
        long_text.forget(files)
        return
    for path in long_text.kept_files(files):
        render.note(f"What you wrote in the editor is kept, readable only by you: {path}")


def _unexpected(exc: Exception) -> None:
    """A bug: say so kindly. Its message and locals may hold what someone wrote: never shown."""
    import traceback

    from attachjournal.views import render

    render.error(
        f"Something unexpected went wrong inside attach ({type(exc).__name__}), so it stopped. "
        "Anything not confirmed as saved was not saved.",
        "ATTACH_DEBUG=1 shows where it happened (never what you wrote).",
    )
    if os.environ.get("ATTACH_DEBUG", "").strip().lower() in ("1", "true", "yes"):
        frames = traceback.extract_tb(exc.__traceback__)
        for frame in frames:
            render.stderr().print(
                render.Text(f"  {frame.filename}:{frame.lineno} in {frame.name}", style="dim")
            )


def _run_afterwards(context: Context, saved: bool) -> None:
    for callback in list(context.afterwards):
        callback(saved)
    context.afterwards.clear()
