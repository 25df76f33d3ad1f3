"""One neutral colour scale for every "how much" scale (resourced, mood, ...), light to deep.

A single hue, so no point of the scale reads as good or bad: red-to-green would grade a
tired day. The digit is always shown as well, so nothing depends on the colour (NO_COLOR,
colour blindness, a printout). Works for any scale a person's prompts.yaml defines (1-5, 0-10,
1-7): values are placed by where they sit between the scale's ends.
"""

from __future__ import annotations

# Light to deep slate blue, as HTML colours, with a text colour that stays readable on each.
HTML = ("#eef2f7", "#cdd9e7", "#9fb6d1", "#6b8cb5", "#36587f")
HTML_TEXT = ("#222", "#222", "#222", "#fff", "#fff")
# The same steps for the terminal: the digit on its shade.
TERMINAL = tuple(
    f"{text} on {bg}" for text, bg in zip(("#222222",) * 3 + ("#ffffff",) * 2, HTML, strict=True)
)
STEPS = len(HTML)
# A day with a check-in whose resourced question was skipped (a person's own prompts may make
# it optional): its mark needs its words in the legend.
UNRATED = "○ checked in, resourced not answered"


def step(value: float, low: int, high: int) -> int:
    """Which of the STEPS shades a value gets (0 lightest); values off the scale are clamped."""
    if high <= low:
        return STEPS - 1
    position = (min(max(value, low), high) - low) / (high - low)
    return round(position * (STEPS - 1))


def terminal_style(value: float, low: int, high: int) -> str:
    return TERMINAL[step(value, low, high)]


def html_colours(value: float, low: int, high: int) -> tuple[str, str]:
    """(fill, text colour) for a value."""
    i = step(value, low, high)
    return HTML[i], HTML_TEXT[i]


def band(value: float, low: int, high: int) -> str | None:
    """'low' for the bottom quarter of the scale, 'high' for the top quarter, else None.

    On 1-5 that is 1-2 and 4-5; on 0-10, 0-2 and 8-10; on 1-7, 1-2 and 6-7.
    """
    quarter = (high - low) / 4
    if value <= low + quarter:
        return "low"
    if value >= high - quarter:
        return "high"
    return None


def band_span(which: str, low: int, high: int) -> tuple[int, int]:
    """The whole points of the scale in a band: ('low', 1, 5) -> (1, 2)."""
    points = [v for v in range(low, high + 1) if band(v, low, high) == which]
    return (points[0], points[-1]) if points else (low, high)


# The review's day strip: eight steps (a block character each in the terminal, a shade in HTML).
def level_index(value: float, scale: tuple[int, int]) -> int:
    """1 (the scale's low end) to 8 (its high end), for any min..max."""
    low, high = scale
    share = (value - low) / (high - low) if high > low else 1.0
    return max(1, min(8, 1 + round(max(0.0, share) * 7)))
