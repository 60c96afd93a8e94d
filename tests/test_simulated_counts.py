"""The simulated neutrophil counts of exercise 02 are reproducible and shaped as described."""

from __future__ import annotations

import pandas as pd
import pytest

from stemimmune.lessons.lesson02 import MISSING_DAYS, simulate_neutrophil_counts


def test_same_seed_same_series_and_a_different_seed_differs():
    pd.testing.assert_series_equal(simulate_neutrophil_counts(), simulate_neutrophil_counts())
    assert not simulate_neutrophil_counts(seed=1).equals(simulate_neutrophil_counts())


def test_index_is_the_day_and_missing_days_are_nan():
    counts = simulate_neutrophil_counts(days=30)
    assert list(counts.index) == list(range(30)) and counts.index.name == "day"
    assert counts[list(MISSING_DAYS)].isna().all()
    assert counts.drop(list(MISSING_DAYS)).notna().all()


def test_counts_start_low_and_end_high():
    counts = simulate_neutrophil_counts()
    assert (counts.iloc[:8] < 0.5).all()
    assert (counts.iloc[-5:] > 0.5).all()
    assert (counts.dropna() >= 0).all()


def test_default_series_has_a_false_start_before_engraftment():
    """The exercise relies on it: the first day at 0.5 or more is not the engraftment day."""
    counts = simulate_neutrophil_counts()
    first = next(day for day, value in counts.items() if value >= 0.5)
    assert counts[first + 1] < 0.5


def test_refuses_no_days():
    with pytest.raises(ValueError, match="at least 1"):
        simulate_neutrophil_counts(days=0)
