"""Run a function on every new SQLite connection, as a fault injected into the driver.

The journal's storage opens its connections through the standard library's sqlite3.connect;
wrapping that one function (not a module of attach) lets a test make the disk "full" or a
statement fail exactly where a real save would meet it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


@contextmanager
def on_every_connection(
    monkeypatch: pytest.MonkeyPatch, hook: Callable[[sqlite3.Connection], Any]
) -> Iterator[None]:
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        hook(conn)
        return conn

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        yield


@contextmanager
def recorded_statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement sent on a connection opened while the block runs (values inlined)."""
    seen: list[str] = []

    def trace(conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(seen.append)

    with on_every_connection(monkeypatch, trace):
        yield seen
