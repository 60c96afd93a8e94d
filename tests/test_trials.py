"""The trial simulator of lesson 04: seeded, vectorised, fast, statistically right, and
plain-spoken about inputs it cannot use."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from stemimmune.lessons.lesson04 import (
    analytic_power,
    critical_z,
    normal_cdf,
    publication_bias_table,
    simulate_trials,
    trials,
    two_sided_p_values,
)


def rng(seed: int = 1) -> np.random.Generator:
    return np.random.default_rng(seed)


# Shape, seeding and speed ---------------------------------------------------------------
def test_one_entry_per_trial_and_consistent_fields():
    results = simulate_trials(20, 0.5, 300, rng())
    assert results.n_trials == 300
    for array in (results.observed, results.z, results.p_value, results.significant):
        assert array.shape == (300,)
    assert np.allclose(results.z, results.observed / math.sqrt(2 / 20))
    assert np.array_equal(results.significant, results.p_value < 0.05)
    assert np.array_equal(results.published, results.significant & (results.observed > 0))
    table = results.table()
    assert list(table.columns) == ["observed_effect", "p_value", "significant"]
    assert table.index[0] == 1 and len(table) == 300


def test_same_seed_same_trials_and_different_seed_different_trials():
    a = simulate_trials(30, 0.4, 500, rng(7))
    b = simulate_trials(30, 0.4, 500, rng(7))
    c = simulate_trials(30, 0.4, 500, rng(8))
    assert np.array_equal(a.observed, b.observed)
    assert not np.array_equal(a.observed, c.observed)


def test_an_int_seed_or_nothing_is_reproducible_too():
    assert np.array_equal(simulate_trials(10, 0.2, 50, 5).observed,
                          simulate_trials(10, 0.2, 50, rng(5)).observed)
    assert np.array_equal(simulate_trials(10, 0.2, 50).observed,
                          simulate_trials(10, 0.2, 50, trials.DEFAULT_SEED).observed)


def test_five_thousand_trials_of_200_per_arm_well_under_100_ms():
    simulate_trials(200, 0.5, 5000, rng())  # warm up
    fastest = min(_timed(lambda: simulate_trials(200, 0.5, 5000, rng())) for _ in range(5))
    assert fastest < 0.1, f"took {fastest * 1000:.0f} ms"


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_trials_are_drawn_in_a_few_vectorised_blocks():
    """Not one Python step per trial: an arm is drawn in blocks of up to CHUNK_DRAWS
    outcomes, so 2,000 small trials take one call and 5,000 trials of 500 take ten."""
    import numpy as np

    class Counting:
        def __init__(self) -> None:
            self.shapes: list[tuple[int, int]] = []
            self.generator = np.random.default_rng(1)

        def standard_normal(self, shape: tuple[int, int]) -> np.ndarray:
            self.shapes.append(shape)
            return self.generator.standard_normal(shape)

    small, large = Counting(), Counting()
    assert trials._arm_averages(small, 2000, 20).shape == (2000,)
    assert small.shapes == [(2000, 20)]
    assert trials._arm_averages(large, 5000, 500).shape == (5000,)
    assert len(large.shapes) == 10 and all(r * c <= trials.CHUNK_DRAWS for r, c in large.shapes)


# Statistics ---------------------------------------------------------------------------
def test_with_no_true_effect_about_five_percent_look_significant():
    results = simulate_trials(50, 0.0, 20_000, rng(11))
    assert abs(results.share_significant - 0.05) < 0.01
    # under no effect, p-values are spread evenly between 0 and 1
    assert abs(results.p_value.mean() - 0.5) < 0.01
    assert abs((results.p_value < 0.5).mean() - 0.5) < 0.015


@pytest.mark.parametrize("effect", [0.0, 0.3, 0.8, -0.5])
def test_the_average_observed_effect_is_the_true_effect(effect):
    results = simulate_trials(40, effect, 20_000, rng(12))
    assert results.mean_observed == pytest.approx(effect, abs=0.01)


def test_spread_shrinks_like_one_over_root_n():
    spreads = {n: simulate_trials(n, 0.3, 20_000, rng(13)).observed.std()
               for n in (20, 80, 320)}
    for n, spread in spreads.items():
        assert spread == pytest.approx(math.sqrt(2 / n), rel=0.03)
    assert spreads[20] / spreads[80] == pytest.approx(2.0, rel=0.05)
    assert spreads[80] / spreads[320] == pytest.approx(2.0, rel=0.05)


@pytest.mark.parametrize("n, effect", [(20, 0.5), (20, 0.3), (55, 0.5), (200, 0.3),
                                       (100, 0.2), (10, 1.0)])
def test_simulated_power_matches_the_formula(n, effect):
    results = simulate_trials(n, effect, 20_000, rng(14))
    expected = analytic_power(n, effect)
    monte_carlo_error = math.sqrt(expected * (1 - expected) / 20_000)
    assert abs(results.share_significant - expected) < 4 * monte_carlo_error + 0.002


def test_analytic_power_known_values():
    assert analytic_power(20, 0.0) == pytest.approx(0.05)
    assert analytic_power(20, 0.0, alpha=0.01) == pytest.approx(0.01)
    assert analytic_power(20, 0.5) == pytest.approx(0.3526, abs=1e-4)
    assert analytic_power(64, 0.5) == pytest.approx(0.807, abs=1e-3)  # the textbook "64 per arm"
    assert analytic_power(200, 0.3) == pytest.approx(analytic_power(200, -0.3))
    assert analytic_power(1000, 0.5) == pytest.approx(1.0)


def test_normal_helpers():
    assert normal_cdf(0) == 0.5
    assert normal_cdf(1.959963984540054) == pytest.approx(0.975)
    assert critical_z() == pytest.approx(1.959964, abs=1e-6)
    assert critical_z(0.01) == pytest.approx(2.575829, abs=1e-6)


def test_vectorised_p_values_match_math_erfc():
    z = np.linspace(-8, 8, 2001)
    exact = np.array([math.erfc(abs(v) / math.sqrt(2)) for v in z])
    assert np.allclose(two_sided_p_values(z), exact, rtol=2e-7, atol=0)
    assert two_sided_p_values(np.array([0.0]))[0] == pytest.approx(1.0, abs=1e-7)


def test_published_trials_overstate_the_effect_most_when_trials_are_small():
    table = publication_bias_table([10, 20, 55, 200, 500], 0.3, 5000, rng(15))
    assert list(table.columns) == ["n_per_arm", "share_published", "mean_all",
                                   "mean_published", "inflation"]
    assert np.allclose(table["mean_all"], 0.3, atol=0.02)
    inflation = table["inflation"].to_numpy()
    assert np.all(np.diff(inflation) < 0), "bias should fall as trials grow"
    assert inflation[0] > 2.5 and inflation[-1] == pytest.approx(1.0, abs=0.02)


def test_with_no_effect_the_published_trials_still_show_one():
    table = publication_bias_table([20], 0.0, 20_000, rng(16))
    assert table["share_published"].iloc[0] == pytest.approx(0.025, abs=0.005)
    assert table["mean_published"].iloc[0] > 0.6
    assert math.isnan(table["inflation"].iloc[0])


def test_means_of_empty_selections_are_nan_not_errors():
    results = simulate_trials(50, -5.0, 10, rng(3))  # every trial favours the control
    assert not results.published.any()
    assert math.isnan(results.mean_observed_published)
    assert results.share_published == 0.0


# Inputs it refuses, in plain words ------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    (dict(n_per_arm=1), "n_per_arm must be at least 2 patients per arm"),
    (dict(n_per_arm=0), "at least 2"),
    (dict(n_per_arm=-5), "at least 2"),
    (dict(n_per_arm=20.5), "n_per_arm must be a whole number"),
    (dict(n_per_arm="20"), "n_per_arm must be a whole number"),
    (dict(n_per_arm=True), "whole number"),
    (dict(n_per_arm=None), "whole number"),
    (dict(n_trials=0), "n_trials must be at least 1 trials"),
    (dict(n_trials=-100), "n_trials must be at least 1"),
    (dict(n_trials="many"), "n_trials must be a whole number"),
    (dict(true_effect="big"), "true_effect must be a number"),
    (dict(true_effect=math.nan), "finite"),
    (dict(true_effect=None), "true_effect must be a number"),
    (dict(alpha=5), "alpha must be between 0 and 1"),
    (dict(alpha=0), "between 0 and 1"),
    (dict(rng="seed"), "rng must be a numpy Generator"),
    (dict(rng=-1), "rng must be"),
    (dict(n_per_arm=10_000, n_trials=10_000), "too big to simulate"),
])
def test_bad_inputs_raise_value_error_with_a_plain_message(kwargs, message):
    arguments = dict(n_per_arm=20, true_effect=0.5, n_trials=100, rng=rng())
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        simulate_trials(**arguments)


def test_whole_numbers_given_as_floats_or_numpy_ints_are_accepted():
    a = simulate_trials(20.0, 0.5, np.int64(50), rng(2))
    b = simulate_trials(np.int32(20), 0.5, 50, rng(2))
    assert a.n_per_arm == 20 and np.array_equal(a.observed, b.observed)


def test_analytic_power_refuses_bad_inputs_too():
    with pytest.raises(ValueError, match="at least 2"):
        analytic_power(1, 0.5)
    with pytest.raises(ValueError, match="true_effect must be a number"):
        analytic_power(20, "0.5")
    with pytest.raises(ValueError, match="alpha must be between 0 and 1"):
        analytic_power(20, 0.5, alpha=1.5)


def test_results_do_not_depend_on_how_many_outcomes_are_drawn_at_once(monkeypatch):
    """Drawing in blocks (to keep memory small) gives exactly the trials of one big draw."""
    import numpy as np

    from stemimmune.lessons.lesson04 import trials

    whole = trials.simulate_trials(20, 0.5, 2000, rng=7)
    monkeypatch.setattr(trials, "CHUNK_DRAWS", 7 * 20 + 3)  # blocks of 7 trials
    blocks = trials.simulate_trials(20, 0.5, 2000, rng=7)
    assert np.array_equal(whole.observed, blocks.observed)
    assert np.array_equal(whole.significant, blocks.significant)
