"""The review's mean and median are written out (the statistics module costs every review a
few ms to load): they give exactly what statistics.fmean and statistics.median give."""

from __future__ import annotations

import statistics

from hypothesis import given
from hypothesis import strategies as st

from attachjournal.core.stats import mean, median

NUMBERS = st.lists(
    st.integers(-(10**6), 10**6) | st.floats(-1e6, 1e6, allow_nan=False), max_size=30
)


@given(NUMBERS)
def test_median_is_the_libraries_median(values):
    assert median(values) == (float(statistics.median(values)) if values else None)


@given(NUMBERS)
def test_mean_is_the_libraries_mean_to_one_decimal(values):
    if not values:
        assert mean(values) is None
        return
    expected = round(statistics.fmean(values), 1)
    assert mean(values) == (int(expected) if expected.is_integer() else expected)


def test_by_hand():
    assert median([5, 1, 3]) == 3.0 and median([4, 1, 3, 2]) == 2.5 and median([]) is None
    assert mean([1, 2, 4]) == 2.3 and mean([2, 4]) == 3 and mean([]) is None
