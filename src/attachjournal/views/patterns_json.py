"""`attach patterns --json`: every figure of a Patterns summary as plain data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from attachjournal.core.patterns_parts import Comparison
from attachjournal.core.review import Period
from attachjournal.core.stats import WEEKDAYS
from attachjournal.views.review_json import counts_json

if TYPE_CHECKING:
    from collections.abc import Iterable

    from attachjournal.core.patterns_parts import Change
    from attachjournal.core.patterns_results import Patterns


def to_json(p: Patterns) -> dict[str, Any]:
    def period_json(period: Period) -> dict[str, str]:
        return {"start": period.start.isoformat(), "end": period.end.isoformat()}

    return {
        "period": period_json(p.period),
        "who": p.who,
        "unit": p.unit,
        "checkin_count": p.checkin_count,
        **counts_json(p.counts),
        "buckets": [
            {
                "label": b.label,
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                **counts_json(b.counts),
                "ruptures_by_person": dict(b.by_person),
                "serve_return_days": b.serve_return_days,
                "serve_return_answered": b.serve_return_answered,
                "echoes": b.echoes,
            }
            for b in p.buckets
        ],
        "years": [
            {"label": y.label, **counts_json(y.counts), "ruptures_by_person": dict(y.by_person)}
            for y in p.years
        ],
        "halves": [
            {"period": period_json(half), **counts_json(counts)}
            for half, counts in zip(p.halves, p.half_counts, strict=True)
        ],
        "ruptures_by_person": dict(p.ruptures_by_person),
        "began": p.began.isoformat() if p.began else None,
        "scale": {"min": p.scale[0], "max": p.scale[1]},
        "contexts": change_json(p.contexts),
        "most_often": {
            "time_of_day": _lead_json(p.time_of_day_lead),
            "weekday": _lead_json(p.weekday_lead),
            "context": _lead_json(p.context_lead),
        },
        "time_of_day_by_weekday": {
            name: dict(zip(WEEKDAYS, row, strict=True))
            for name, row in zip(p.grid_rows, p.grid, strict=True)
        },
        "resourced_levels": [
            {
                "level": lv.level,
                "checkin_days": lv.days,
                "ruptures": lv.ruptures,
                "ruptures_per_day": lv.per_day,
            }
            for lv in p.levels
        ],
        "resourced_on_rupture_days": _comparison_json(p.comparison),
        "refill_drain_by_resourced": [
            {"band": b.band, "days": b.days, "refill": dict(b.refill), "drain": dict(b.drain)}
            for b in p.bands
        ],
        "repair_moves": [
            {"move": m.move, "used": m.used, "connected_after": list(m.connected)} for m in p.moves
        ],
        "settled_by": change_json(p.settled_by),
        "calmed_first": {"yes": p.calmed_first[0], "answered": p.calmed_first[1]},
        "serve_steps": change_json(p.serve_steps),
        "serve_return_days": p.serve_return_days,
        "serve_return_answered": p.serve_return_answered,
        "checkin_echoes": p.checkin_echoes,
        "older_echoes": p.older_echoes,
        "echo_about": dict(p.echo_about),
        "echo_keep": dict(p.echo_keep),
        "intentions": [plan.as_dict() for plan in p.intentions],
        "echo_notes": [
            {"day": n.day.isoformat(), "source": n.source, "text": n.text} for n in p.echo_notes
        ],
        "calendar": {
            d.day.isoformat(): {"checkins": d.checkins, "resourced": d.level} for d in p.calendar
        },
    }


def _lead_json(value: tuple[str, int] | None) -> dict[str, Any] | None:
    return {"value": value[0], "count": value[1]} if value else None


def _comparison_json(c: Comparison | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "rupture_days": c.rupture_days,
        "rupture_days_mean": c.rupture_days_mean,
        "other_days": c.other_days,
        "other_days_mean": c.other_days_mean,
        "rupture_days_from_resourced_then": c.from_then,
        "ruptures_running_low_just_before": c.low_then,
        "ruptures_with_resourced_then": c.then_answered,
        "enough_to_compare": c.enough,
    }


def change_json(items: Iterable[Change]) -> list[dict[str, Any]]:
    return [
        {
            "value": c.value,
            "total": c.total,
            "first_half": c.first_half,
            "second_half": c.second_half,
        }
        for c in items
    ]
