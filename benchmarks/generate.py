"""Write a realistic synthetic history into a journal, fast.

    python benchmarks/generate.py --db /tmp/ten-years.db --days 3650

One check-in most days, a few ruptures a week across two children and a partner, most of them
repaired after minutes to days, varied text, the last day being today. Everything goes in one
transaction (executemany), so 3,650 days take a few seconds.

The schema comes from attach itself (storage.open_journal creates it); the rows then go in
through the standard library's sqlite3, in the file's own format (times as naive UTC text), so
the generator does not depend on how storage reaches the file today. attach is imported inside
generate(), so the word lists here can be borrowed without loading it.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sqlite3
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

PEOPLE = (("Maya", "child"), ("Leo", "child"), ("Sam", "partner"))

SUBJECTS = (
    "the shoes",
    "breakfast",
    "the bath",
    "screen time",
    "homework",
    "the car seat",
    "brushing teeth",
    "a lost toy",
    "the dishes",
    "the calendar",
    "the last biscuit",
    "bedtime stories",
    "the swimming bag",
    "the tablet",
    "the coat",
    "a phone call",
)
ACTIONS = (
    "I raised my voice about",
    "we argued over",
    "I snapped about",
    "there were tears over",
    "I rushed them through",
    "a door slammed after",
    "I went quiet about",
    "we talked past each other about",
    "I said no too fast to",
)
CONNECTIONS = (
    "we laughed at the cat",
    "a long hug at the door",
    "reading together on the sofa",
    "Maya showed me a drawing",
    "Leo held my hand on the way home",
    "coffee with Sam before everyone woke",
    "a silly song in the car",
    "building a tower on the floor",
)
SERVES = (
    "Leo pointed at a bird and I named it",
    "Maya made a face and I made one back",
    "Leo brought me a book, we read it twice",
    "Maya asked why the moon follows us",
    "Sam sent a photo and I called back",
)
ECHOES = (
    "I heard my father's voice in 'because I said so'",
    "the silence after a row, like at home growing up",
    "I wanted to be left alone, like my mother did",
    "hurry up, hurry up: my grandmother",
)
GUESSES = (
    "tired and wanting me close",
    "scared of being late",
    "wanting a say in it",
    "hungry and overwhelmed",
    "feeling unheard",
    "needing a break from me",
)
NEXT = (
    "pause and breathe before answering",
    "start getting ready ten minutes earlier",
    "name the feeling first",
    "get down to their eye level",
    "ask before deciding",
)
NOTES = (
    "long day, early night",
    "rain all day",
    "grandparents visited",
    "first frost",
    "good day at work",
    "",
    "slept badly",
    "picnic in the park",
)


def db_time(moment: datetime) -> str:
    """An aware datetime as the journal file keeps it: naive UTC text, which sorts by time."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(db: Path, days: int, seed: int = 7, today: date | None = None) -> dict[str, int]:
    from attachjournal import storage
    from attachjournal.core import prompts as prompts_mod
    from attachjournal.core import safety

    rng = random.Random(seed)
    journal = storage.open_journal(db, create=True)  # creates and migrates the schema
    assert journal is not None
    journal.close()
    prompts = prompts_mod.load()
    questions = {
        name: {q.id: (pos, q) for pos, q in enumerate(prompts[name].all_questions)}
        for name in ("reflect", "rupture", "repair")
    }
    now = datetime.now().astimezone()
    # The last day is today's journal day (until 04:00 it is still yesterday's), as attach counts.
    today = today or (now - timedelta(hours=4)).date()
    first = today - timedelta(days=days - 1)

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys = ON")
    with conn:  # one transaction: all of it lands, or none
        next_person = (conn.execute("SELECT max(id) FROM person").fetchone()[0] or 0) + 1
        next_entry = (conn.execute("SELECT max(id) FROM entry").fetchone()[0] or 0) + 1
        person_ids = {}
        people_rows = []
        for name, role in PEOPLE:
            row = conn.execute(
                "SELECT id FROM person WHERE name_key = :k", {"k": name.casefold()}
            ).fetchone()
            if row is not None:
                person_ids[name] = row[0]
                continue
            person_ids[name] = next_person
            people_rows.append(
                {
                    "id": next_person,
                    "uid": f"{rng.getrandbits(128):032x}",
                    "name": name,
                    "key": name.casefold(),
                    "role": role,
                    "created": db_time(datetime.combine(first, datetime.min.time()).astimezone()),
                }
            )
            next_person += 1
        if people_rows:
            conn.executemany(
                (
                    "INSERT INTO person (id, uid, name, name_key, role, born, created_at) "
                    "VALUES (:id, :uid, :name, :key, :role, NULL, :created)"
                ),
                people_rows,
            )

        entries: list[dict] = []
        answers: list[dict] = []
        # What attach keeps for each entry it saves (storage/care.py): the verdict on its
        # free text. The generated texts repeat, so each set of them is read once.
        verdicts: dict[tuple[str, ...], str] = {}

        def care(kind: str, values: dict) -> str:
            texts = tuple(
                value
                for qid, value in values.items()
                if isinstance(value, str) and questions[kind][qid][1].kind == "text"
            )
            if texts not in verdicts:
                verdicts[texts] = safety.verdict(texts)
            return verdicts[texts]

        def add(
            kind: str,
            at: datetime,
            values: dict,
            person: int | None = None,
            rupture: int | None = None,
            no_repair: bool = False,
        ) -> int:
            nonlocal next_entry
            entry_id = next_entry
            next_entry += 1
            stamp = db_time(at)
            entries.append(
                {
                    "id": entry_id,
                    "uid": f"{rng.getrandbits(128):032x}",
                    "kind": kind,
                    "at": stamp,
                    "created": stamp,
                    "person": person,
                    "rupture": rupture,
                    "nrn": no_repair,
                    "care": care(kind, values),
                }
            )
            for qid, value in values.items():
                if value is None:
                    continue
                pos, q = questions[kind][qid]
                answers.append(
                    {
                        "e": entry_id,
                        "q": qid,
                        "p": pos,
                        "t": q.text,
                        "k": q.kind,
                        "v": json.dumps(value, ensure_ascii=False),
                    }
                )
            return entry_id

        def pick(kind: str, qid: str, low: int, high: int) -> list[str]:
            values = [v for v, _ in questions[kind][qid][1].choices]  # offered today
            return rng.sample(values, rng.randint(low, min(high, len(values))))

        def local(day: date, hour: float) -> datetime:
            hour = max(0.0, min(23.99, hour))
            moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)
            return min(moment.astimezone(), now - timedelta(minutes=1))

        for offset in range(days):
            day = first + timedelta(days=offset)
            season = math.sin(offset / 58.0)  # slow ups and downs over the months
            resourced = max(1, min(5, round(3 + season + rng.gauss(0, 0.9))))
            if rng.random() < 0.86:
                echo = rng.random() < 0.08
                serve = rng.random() < 0.75
                add(
                    "reflect",
                    local(day, rng.gauss(21, 1.2)),
                    {
                        "resourced": resourced,
                        "mood": max(1, min(5, resourced + rng.choice((-1, 0, 0, 1)))),
                        "feelings": pick("reflect", "feelings", 1, 3),
                        "refill": pick("reflect", "refill", 0, 2),
                        "drain": pick("reflect", "drain", 0, 2),
                        "serve_noticed": serve,
                        "serve_steps": pick("reflect", "serve_steps", 1, 3) if serve else None,
                        "serve_return_note": rng.choice(SERVES)
                        if serve and rng.random() < 0.4
                        else None,
                        "connection": rng.choice(CONNECTIONS) if rng.random() < 0.5 else None,
                        "echo": echo,
                        "echo_note": rng.choice(ECHOES) if echo and rng.random() < 0.7 else None,
                        "kind_to_self": rng.randint(2, 5),
                        "note": rng.choice(NOTES) or None if rng.random() < 0.3 else None,
                    },
                )
            # A few ruptures a week, a little more often on depleted days.
            for _ in range(_poisson(rng, 0.35 + 0.12 * (3 - resourced))):
                who = rng.choice(PEOPLE)[0]
                at = local(day, rng.choice((7.5, 8.0, 12.5, 17.5, 19.5, 20.0, 21.5)) + rng.random())
                older = rng.random() < 0.15
                rupture_values = {
                    "who": person_ids[who],
                    "what": f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)}",
                    "intensity": rng.choices((1, 2, 3, 4, 5), weights=(2, 4, 3, 2, 1))[0],
                    "my_feelings": pick("rupture", "my_feelings", 1, 3),
                    "my_need": pick("rupture", "my_need", 1, 2),
                    "their_inner_world": rng.choice(GUESSES) if rng.random() < 0.6 else None,
                    "sure": rng.randint(1, 5),
                    "context": pick("rupture", "context", 1, 3),
                    "older_echo": older,
                    "older_echo_note": rng.choice(ECHOES) if older and rng.random() < 0.6 else None,
                    "resourced_then": max(1, min(5, resourced + rng.choice((-1, 0, 0)))),
                }
                roll = rng.random()
                repaired_at = at + timedelta(minutes=math.exp(rng.gauss(4.0, 1.6)))
                no_repair = 0.88 <= roll < 0.93
                rupture_id = add(
                    "rupture", at, rupture_values, person_ids[who], no_repair=no_repair
                )
                if roll < 0.88 and repaired_at < now:
                    add(
                        "repair",
                        repaired_at,
                        {
                            "reached_first": rng.choice(("me", "them", "together")),
                            "settled_by": pick("repair", "settled_by", 0, 2),
                            "moves": pick("repair", "moves", 1, 4),
                            "connected": rng.choices((2, 3, 4, 5), weights=(1, 3, 4, 3))[0],
                            "next_time": rng.choice(NEXT) if rng.random() < 0.5 else None,
                            "kind_to_self": rng.randint(2, 5),
                        },
                        None,  # like attach itself: a repair names no person of its own
                        rupture=rupture_id,
                    )

        conn.executemany(
            (
                "INSERT INTO entry (id, uid, kind, at, created_at, updated_at, person_id, "
                "rupture_id, no_repair_needed, care) VALUES (:id, :uid, :kind, :at, :created, "
                "NULL, :person, :rupture, :nrn, :care)"
            ),
            entries,
        )
        conn.executemany(
            (
                "INSERT INTO answer (entry_id, question_id, position, question_text, kind, "
                "value) VALUES (:e, :q, :p, :t, :k, :v)"
            ),
            answers,
        )
    conn.close()
    kinds: dict[str, int] = {}
    for row in entries:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    return {"entries": len(entries), "answers": len(answers), **kinds}


def _poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: fine for the small rates here.
    limit, k, p = math.exp(-max(lam, 0.02)), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="journal file to write into")
    parser.add_argument("--days", type=int, default=3650, help="how many days, ending today")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.db, args.days, args.seed)
    took = time.perf_counter() - started
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    print(f"Wrote {args.days} days into {args.db} in {took:.1f} s ({summary}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
