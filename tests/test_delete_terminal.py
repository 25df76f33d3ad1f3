"""attach delete in a real terminal: the questions are asked, and 'no' keeps everything."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest

from data_helpers import fill, rows

DOWN, UP = "\x1b[B", "\x1b[A"


def _spawn(db, *args: str) -> pexpect.spawn:
    env = dict(os.environ, ATTACH_DB=str(db), TERM="xterm", NO_COLOR="1")
    return pexpect.spawn(
        sys.executable, ["-m", "attachjournal", *args], env=env, encoding="utf-8", timeout=20
    )


@pytest.mark.slow
def test_a_rupture_with_a_repair_asks_then_confirms(attach, db_path):
    fill(attach)
    child = _spawn(db_path, "delete", "2")
    child.expect("A repair can't stay without its rupture")
    child.send("\r")  # the default: keep everything
    child.expect("Kept it. Nothing was deleted.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0  # keeping it is an answer, not an error
    assert rows(db_path, "SELECT count(*) FROM entry") == [(4,)]

    child = _spawn(db_path, "delete", "2")
    child.expect("A repair can't stay without its rupture")
    child.send(UP + "\r")  # from 'keep everything' up to 'keep ... as a note'
    child.expect("Delete for good")
    child.send(DOWN + "\r")  # yes, delete
    child.expect("Deleted #2")
    child.expect(pexpect.EOF)
    assert rows(db_path, "SELECT id, kind FROM entry ORDER BY id") == [
        (1, "reflect"),
        (3, "note"),
        (4, "rupture"),
    ]
