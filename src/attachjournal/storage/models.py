"""The journal's tables as SQLModel classes, used for writing. Their DDL lives in migrations.py.

A test checks that these classes and the migrated schema agree column for column.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    # Stable across export and import, so a renamed person is still recognised.
    uid: str = Field(default_factory=lambda: uuid.uuid4().hex, unique=True)
    name: str
    # The casefolded name: `-a who=maya` finds Maya, and two people cannot share a name.
    name_key: str = Field(unique=True)
    role: str
    born: date | None = None
    created_at: datetime


class Entry(SQLModel, table=True):
    __tablename__ = "entry"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)  # stable across export and import
    kind: str  # reflect | rupture | repair | note | intention
    at: datetime = Field(index=True)  # naive UTC; when it happened
    created_at: datetime | None = None  # when it was written; None: unknown (older imports)
    updated_at: datetime | None = None
    person_id: int | None = Field(default=None, foreign_key="person.id")
    rupture_id: int | None = Field(default=None, foreign_key="entry.id")  # for a repair
    no_repair_needed: bool = False  # for a rupture the person chose not to repair
    # Whether its free text speaks of harm, as "RULES:groups" (storage/care.py); None: unknown
    care: str | None = None


class Answer(SQLModel, table=True):
    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("entry_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)  # the search index points here
    entry_id: int = Field(foreign_key="entry.id")
    question_id: str
    position: int
    question_text: str  # as it was asked, so rewording prompts.yaml never rewrites history
    kind: str
    value: str  # JSON
