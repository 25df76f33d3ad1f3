"""`attach encrypt` and `attach decrypt`: turn encryption at rest on or off, in place."""

from attachjournal.cli.common import journal_path
from attachjournal.cli.guard import guarded
from attachjournal.cli.options import DbOption


@guarded
def encrypt(db: DbOption = None) -> None:
    """Encrypt the journal with a passphrase (needs: pip install 'attachjournal[encrypted]').

    The passphrase is asked for twice, hidden. Scripts can set ATTACH_PASSPHRASE or use
    attach --passphrase-file FILE. Afterwards every command asks for it (or reads it from
    there). Keep it somewhere safe: without it nobody, including you, can read the journal.
    """
    from attachjournal import storage
    from attachjournal.cli.context import current
    from attachjournal.cli.passphrase import PassphraseSource
    from attachjournal.views import render

    path = storage.file_only(journal_path(db), "encrypt")
    storage.refuse_other_owner(path)
    source = current().passphrase or PassphraseSource()
    done = storage.encrypt_journal(path, source.new)
    render.stdout().print(
        render.Text(
            f"✓ Encrypted your journal ({_entries(done.entries)}). "
            "From now on attach needs the passphrase to open it."
        )
    )


@guarded
def decrypt(db: DbOption = None) -> None:
    """Remove the encryption again: the journal becomes a plain SQLite file."""
    from attachjournal import storage
    from attachjournal.views import render

    path = storage.file_only(journal_path(db), "decrypt")
    storage.refuse_other_owner(path)
    done = storage.decrypt_journal(path)
    render.stdout().print(
        render.Text(
            f"✓ Decrypted your journal ({_entries(done.entries)}); no passphrase needed now."
        )
    )


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
