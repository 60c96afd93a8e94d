"""The simulated cohort of exercise 05 is reproducible, labelled and shaped as described."""

from __future__ import annotations

import pandas as pd
import pytest

from stemimmune.lessons.lesson05.simulated_cohort import (
    COLUMNS,
    GROUP_SIZES,
    SIMULATED_RATES,
    simulate_transplant_cohort,
)


def test_same_seed_same_table_and_a_different_seed_differs():
    pd.testing.assert_frame_equal(simulate_transplant_cohort(), simulate_transplant_cohort())
    assert not simulate_transplant_cohort(seed=1).equals(simulate_transplant_cohort())


def test_columns_sizes_and_simulated_ids():
    table = simulate_transplant_cohort()
    assert tuple(table.columns) == COLUMNS
    assert table["donor_type"].value_counts().to_dict() == GROUP_SIZES
    assert table["acute_gvhd"].dtype == bool
    assert table["patient"].str.match(r"S\d{3}$").all() and table["patient"].is_unique


def test_rows_are_mixed_not_grouped_by_donor():
    donors = simulate_transplant_cohort()["donor_type"]
    assert (donors != donors.shift()).sum() > len(GROUP_SIZES) * 5


def test_autologous_never_has_gvhd_and_donor_rates_are_near_the_chances():
    table = simulate_transplant_cohort()
    rates = table.groupby("donor_type")["acute_gvhd"].mean()
    assert rates["autologous"] == 0
    for donor in ("matched sibling", "unrelated"):
        assert abs(rates[donor] - SIMULATED_RATES[donor]) < 0.03
    assert rates["unrelated"] > rates["matched sibling"]


@pytest.mark.parametrize("kwargs, message", [
    ({"sizes": {"a": 3}, "rates": {"b": 0.5}}, "same donor types"),
    ({"sizes": {"a": -1}, "rates": {"a": 0.5}}, "cannot be negative"),
    ({"sizes": {"a": 3}, "rates": {"a": 1.5}}, "between 0 and 1"),
])
def test_refuses_impossible_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate_transplant_cohort(**kwargs)
