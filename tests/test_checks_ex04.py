"""Exercise 04 checkers: right answers pass; each slip gets its own plain sentence."""

from __future__ import annotations

import math

import numpy as np
import pytest

from stemimmune.engine.checking import CheckFailed, NotAnswered
from stemimmune.lessons.lesson04 import checks as ex04
from stemimmune.lessons.lesson04 import critical_z, normal_cdf


def unanswered(*_args):
    raise NotAnswered()


# Reference answers, written the way the solution notebook writes them ----------------------
def estimate_power(n_per_arm, true_effect, n_trials, seed):
    if n_per_arm < 2:
        raise ValueError("n_per_arm must be at least 2")
    if n_trials < 1:
        raise ValueError("n_trials must be at least 1")
    rng = np.random.default_rng(seed)
    control = rng.normal(0.0, 1.0, size=(n_trials, n_per_arm)).mean(axis=1)
    treated = rng.normal(true_effect, 1.0, size=(n_trials, n_per_arm)).mean(axis=1)
    z = (treated - control) / math.sqrt(2 / n_per_arm)
    significant = np.abs(z) > critical_z(0.05)
    return significant.mean()


def analytic_power(n_per_arm, true_effect, alpha=0.05):
    shift = true_effect / math.sqrt(2 / n_per_arm)
    z = critical_z(alpha)
    return normal_cdf(shift - z) + normal_cdf(-shift - z)


def test_reference_answers_pass(capsys):
    ex04.check_estimate_power(estimate_power)
    ex04.check_analytic_power(analytic_power)
    out = capsys.readouterr().out
    assert out.count("✔") == 2
    assert "about 16% of trials" in out and "about 85%" in out


def test_a_hard_coded_196_passes_at_alpha_005_but_not_at_001():
    def fixed_196(n, effect, alpha=0.05):
        shift = effect / math.sqrt(2 / n)
        return normal_cdf(shift - 1.96) + normal_cdf(-shift - 1.96)
    with pytest.raises(CheckFailed, match=r"analytic_power\(20, 0.5, 0.01\).*critical_z\(alpha\)"):
        ex04.check_analytic_power(fixed_196)


# Task 1: variants of estimate_power, each with one slip ------------------------------------
def simulated(change):
    """estimate_power with one line changed: ``change`` maps (significant, z, n_trials,
    rng) to what the function returns, or replaces the generator."""
    def function(n_per_arm, true_effect, n_trials, seed):
        if n_per_arm < 2:
            raise ValueError("n_per_arm must be at least 2")
        if n_trials < 1:
            raise ValueError("n_trials must be at least 1")
        rng = change.get("rng", lambda s: np.random.default_rng(s))(seed)
        control = rng.normal(0.0, 1.0, size=(n_trials, n_per_arm)).mean(axis=1)
        treated = rng.normal(true_effect, 1.0, size=(n_trials, n_per_arm)).mean(axis=1)
        se = change.get("se", lambda n: math.sqrt(2 / n))(n_per_arm)
        z = (treated - control) / se
        significant = change.get("test", lambda z: np.abs(z) > critical_z(0.05))(z)
        return change.get("result", lambda s: s.mean())(significant)
    return function


def no_n_check(n_per_arm, true_effect, n_trials, seed):
    rng = np.random.default_rng(seed)
    if n_trials < 1:
        raise ValueError("n_trials must be at least 1")
    diff = rng.normal(true_effect, math.sqrt(2 / n_per_arm), size=n_trials)
    return (np.abs(diff / math.sqrt(2 / n_per_arm)) > 1.96).mean()


def no_trials_check(n_per_arm, true_effect, n_trials, seed):
    if n_per_arm < 2:
        raise ValueError("n_per_arm must be at least 2")
    rng = np.random.default_rng(seed)
    diff = rng.normal(true_effect, math.sqrt(2 / n_per_arm), size=n_trials)
    return sum(np.abs(diff / math.sqrt(2 / n_per_arm)) > 1.96) / n_trials


def silent_value_error(n_per_arm, true_effect, n_trials, seed):
    if n_per_arm < 2 or n_trials < 1:
        raise ValueError()
    return estimate_power(n_per_arm, true_effect, n_trials, seed)


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    ("estimate_power", "should be a function"),
    (simulated({"result": lambda s: 100 * s.mean()}), "looks like a percentage"),
    (simulated({"result": lambda s: int(s.sum())}), "number of significant trials.*divide"),
    (simulated({"result": lambda s: 1 - s.mean()}), "NOT significant"),
    (simulated({"test": lambda z: z > critical_z(0.05)}), "one direction.*two-sided"),
    (simulated({"se": lambda n: 1 / math.sqrt(n)}), "standard error is too small"),
    (simulated({"se": lambda n: 2 / math.sqrt(n)}), "standard error is too large"),
    (simulated({"test": lambda z: np.abs(z) > 1.645}), "critical value is too small"),
    (simulated({"result": lambda s: s.mean() + 0.2}), "expected about"),
    (simulated({"result": lambda s: s}), "array of 20000 values"),
    (simulated({"result": lambda s: s.mean() > 0.5}), "yes/no value"),
    (simulated({"result": lambda s: None}), "forget the `return`"),
    (simulated({"result": lambda s: f"{s.mean():.2f}"}), "single number"),
    (simulated({"result": lambda s: math.nan}), "finite"),
    (simulated({"result": lambda s: -s.mean()}), "a power is a fraction between 0 and 1"),
    (simulated({"rng": lambda s: np.random.default_rng()}), "not reproducible"),
    (simulated({"rng": lambda s: np.random.default_rng(0)}), "ignores its seed"),
    (no_n_check, r"estimate_power\(1, 0.3, 100, 0\) returned .*at least 2 patients"),
    (no_trials_check, r"estimate_power\(20, 0.3, 0, 0\) stopped with ZeroDivisionError"),
    (silent_value_error, "without a message"),
])
def test_estimate_power_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex04.check_estimate_power(function)


def test_a_mean_of_no_trials_is_refused_too():
    def nan_for_no_trials(n_per_arm, true_effect, n_trials, seed):
        if n_per_arm < 2:
            raise ValueError("n_per_arm must be at least 2")
        if n_trials == 0:
            return math.nan
        return estimate_power(n_per_arm, true_effect, n_trials, seed)
    with pytest.raises(CheckFailed, match=r"\(20, 0.3, 0, 0\) returned nan.*nothing to count"):
        ex04.check_estimate_power(nan_for_no_trials)


def test_the_global_numpy_seed_is_reproducible_and_accepted():
    def global_seed(n_per_arm, true_effect, n_trials, seed):
        if n_per_arm < 2 or n_trials < 1:
            raise ValueError("bad design")
        np.random.seed(seed)
        diff = np.random.normal(true_effect, math.sqrt(2 / n_per_arm), size=n_trials)
        return float((np.abs(diff / math.sqrt(2 / n_per_arm)) > 1.96).mean())
    ex04.check_estimate_power(global_seed)


def test_the_seed_check_cannot_fail_a_right_answer_by_coincidence():
    """A seed-respecting function fails only if all other seeds give exactly the first
    seed's count of significant trials; bound that chance from the count's spread."""
    n, effect, n_trials = ex04.SEED_CASE
    power = ex04.reference_power(n, effect)
    spread = math.sqrt(n_trials * power * (1 - power))  # SD of the count
    chance_one_tie = 1 / (math.sqrt(2 * math.pi) * spread)  # the most likely count
    assert chance_one_tie ** (len(ex04.SEEDS) - 1) < 1e-8


def test_tolerance_grows_with_monte_carlo_error():
    assert ex04.monte_carlo_tolerance(0.5, 400) > ex04.monte_carlo_tolerance(0.5, 40_000)
    assert ex04.monte_carlo_tolerance(0.05, 20_000) < 0.011  # a one-sided 0.025 is caught


# Task 2: analytic_power -------------------------------------------------------------------
def formula(change):
    def function(n_per_arm, true_effect, alpha=0.05):
        se = change.get("se", lambda n: math.sqrt(2 / n))(n_per_arm)
        shift = true_effect / se
        z = critical_z(alpha)
        upper = normal_cdf(shift - z)
        lower = normal_cdf(-shift - z)
        return change.get("result", lambda u, lo: u + lo)(upper, lower)
    return function


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (formula({"result": lambda u, lo: 100 * (u + lo)}), "looks like a percentage"),
    (formula({"result": lambda u, lo: u}), "one direction"),
    (formula({"result": lambda u, lo: 1 - u - lo}), "NOT significant"),
    (formula({"se": lambda n: 1 / math.sqrt(n)}), "standard error is too small"),
    (formula({"result": lambda u, lo: 2 * (u + lo)}), "expected about"),
    (formula({"result": lambda u, lo: None}), "forget the `return`"),
    (formula({"result": lambda u, lo: np.array([u, lo])}), "array of 2 values"),
    (lambda n, e: analytic_power(n, e), "stopped with an error: TypeError"),
])
def test_analytic_power_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex04.check_analytic_power(function)


def test_a_one_element_array_counts_as_a_number():
    def as_array(n_per_arm, true_effect, alpha=0.05):
        return np.array([analytic_power(n_per_arm, true_effect, alpha)])
    ex04.check_analytic_power(as_array)
