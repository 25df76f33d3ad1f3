"""The weekly review for scripts and for sharing: its JSON, and a copy of its records with
names replaced (attach review --redact)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from attachjournal.core.review import ReviewData

if TYPE_CHECKING:
    from attachjournal.core.records import EntryRecord
    from attachjournal.core.review import Counts, WeeklyReview
    from attachjournal.core.review_shown import Quote, Shown


def redacted(data: ReviewData) -> ReviewData:
    """A copy for sharing: each name becomes a role and number ('child 1'), also where it is
    written in free text (as a whole word, any case)."""
    labels = _labels(data)
    patterns = [
        (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), label)
        for name, label in sorted(labels.items(), key=lambda kv: -len(kv[0]))
    ]

    def scrub(value: Any) -> Any:
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if not isinstance(value, str):
            return value
        for pattern, label in patterns:
            value = pattern.sub(label, value)
        return value

    def entry(e: EntryRecord) -> EntryRecord:
        person = labels.get(e.person, "someone") if e.person else None
        answers = tuple(a._replace(value=scrub(a.value)) for a in e.answers)
        return e._replace(person=person, answers=answers)

    return ReviewData(
        checkins=tuple(entry(e) for e in data.checkins),
        ruptures=tuple(entry(e) for e in data.ruptures),
        repairs={k: entry(v) for k, v in data.repairs.items()},
        first_day=data.first_day,
        roles={labels[n]: r for n, r in data.roles.items()},
    )


def redacted_name(data: ReviewData, name: str) -> str:
    """The role and number `redacted` gives this person (`--who` with `--redact`)."""
    return _labels(data).get(name, "someone")


def _labels(data: ReviewData) -> dict[str, str]:
    counters: dict[str, int] = {}
    labels: dict[str, str] = {}
    for name in sorted(data.roles, key=str.casefold):
        role = data.roles[name]
        counters[role] = counters.get(role, 0) + 1
        labels[name] = f"{role} {counters[role]}"
    return labels


def to_json(review: WeeklyReview) -> dict[str, Any]:
    found = _to_json(review)
    if review.together:
        # --together: shared entries only, each rupture with the member who wrote it.
        found["together"] = True
        for line, rupture in zip(found["ruptures"], review.ruptures, strict=True):
            line["author"] = rupture.author
    return found


def _to_json(review: WeeklyReview) -> dict[str, Any]:
    counts = review.counts
    counted = review.counted
    return {
        "period": {"start": review.period.start.isoformat(), "end": review.period.end.isoformat()},
        # --who: the ruptures, repairs and their counts are with this person only.
        "who": review.who,
        "days_counted": {
            "start": counted.start.isoformat() if counted else None,
            "end": counted.end.isoformat() if counted else None,
            "days": review.days_counted,
            "so_far": review.so_far,
            "journal_began_inside": review.late_start,
        },
        "checkin_days": counts.checkin_days,
        "checkin_count": review.checkin_count,
        "rupture_count": counts.rupture_count,
        "repair_count": counts.repair_count,
        "open_rupture_count": counts.open_rupture_count,
        "no_repair_needed_count": counts.no_repair_needed_count,
        "repair_rate": counts.repair_rate,
        "median_minutes_to_repair": counts.median_minutes_to_repair,
        "ruptures": [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "who": r.who,
                "intensity": r.intensity,
                "context": list(r.context),
                "status": r.status,
                "repair_id": r.repair_id,
                "repaired_at": r.repaired_at.isoformat() if r.repaired_at else None,
                "minutes_to_repair": r.minutes_to_repair,
                "moves": list(r.moves),
                "connected_after": r.connected_after,
            }
            for r in review.ruptures
        ],
        "ruptures_by_person": dict(review.ruptures_by_person),
        "contexts": dict(review.contexts),
        "time_of_day": dict(review.time_of_day),
        "weekdays": dict(review.weekdays),
        "older_echoes": review.older_echoes,
        "checkin_echoes": review.checkin_echoes,
        "low_resourced_ruptures": review.low_resourced_ruptures,
        "resourced_by_day": {d.day.isoformat(): d.resourced for d in review.days},
        "mood_by_day": {d.day.isoformat(): d.mood for d in review.days},
        "serve_return_by_day": {d.day.isoformat(): d.serve_return for d in review.days},
        "resourced_rupture_days_vs_other_days": {
            "rupture_days_mean": review.resourced_comparison.rupture_days_mean,
            "rupture_days": review.resourced_comparison.rupture_days,
            "other_days_mean": review.resourced_comparison.other_days_mean,
            "other_days": review.resourced_comparison.other_days,
            "from_just_before": review.resourced_comparison.from_just_before,
            "enough_to_compare": review.resourced_comparison.enough,
        },
        "moves": {m.move: m.count for m in review.moves},
        "connected_after_moves": {m.move: list(m.connected) for m in review.moves},
        "previous": {
            "period": {
                "start": review.period.previous().start.isoformat(),
                "end": review.period.previous().end.isoformat(),
            },
            "had_entries": review.previous_had_entries,
            "days_counted": review.previous_counted.length if review.previous_counted else 0,
            **counts_json(review.previous),
        },
        **(shown_json(review.shown, review.together) if review.shown else {}),
        "questions": list(review.questions),
    }


def counts_json(counts: Counts) -> dict[str, Any]:
    return {
        "checkin_days": counts.checkin_days,
        "rupture_count": counts.rupture_count,
        "repair_count": counts.repair_count,
        "open_rupture_count": counts.open_rupture_count,
        "no_repair_needed_count": counts.no_repair_needed_count,
        "repair_rate": counts.repair_rate,
        "median_minutes_to_repair": counts.median_minutes_to_repair,
    }


def shown_json(shown: Shown, together: bool = False) -> dict[str, Any]:
    def quotes(items: tuple[Quote, ...]) -> list[dict[str, Any]]:
        return [
            {"day": q.day.isoformat(), "from": q.source, "text": q.text, "who": q.who}
            | ({"values": list(q.values)} if q.values else {})
            for q in items
        ]

    return {
        "heavy_week": (
            {"low_days": shown.heavy.low_days, "checkin_days": shown.heavy.checkin_days}
            if shown.heavy
            else None
        ),
        "good_moments": quotes(shown.good_moments),
        "echo_notes": quotes(shown.echoes),
        "notes": quotes(shown.notes),
        "their_inner_world": quotes(shown.guesses),
        "rupture_notes": quotes(shown.rupture_notes),
        "counts": {k: dict(v) for k, v in shown.tallies.items()},
        "scales": {k: list(v) for k, v in shown.scales.items()},
        "next_time": [
            {
                "day": h.day.isoformat(),
                "who": h.who,
                "text": h.text,
                "later_repair_day": h.later_day.isoformat() if h.later_day else None,
                "later_repair_moves": list(h.later_moves),
                # --together: each hope with the member who wrote it.
                **({"author": h.author} if together else {}),
            }
            for h in shown.hopes
        ],
    }
