"""The journal's tables as SQLModel classes, used for writing. Their DDL lives in migrations.py.

A test checks that these classes and the migrated schema agree column for column.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class Person(SQLModel, table=True):
    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
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
    kind: str  # reflect | rupture | repair
    at: datetime = Field(index=True)  # naive UTC
    created_at: datetime
    updated_at: datetime | None = None
    person_id: int | None = Field(default=None, foreign_key="person.id")
    rupture_id: int | None = Field(default=None, foreign_key="entry.id")  # for a repair
    no_repair_needed: bool = False  # for a rupture the person chose not to repair


class Answer(SQLModel, table=True):
    __tablename__ = "answer"

    entry_id: int = Field(foreign_key="entry.id", primary_key=True)
    question_id: str = Field(primary_key=True)
    position: int
    question_text: str  # as it was asked, so rewording prompts.yaml never rewrites history
    kind: str
    value: str  # JSON
