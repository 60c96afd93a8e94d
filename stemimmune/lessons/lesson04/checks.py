"""Checks for exercise 04: the power of a trial, by simulation and by formula.

Power is a fraction between 0 and 1 (0.8 means 80% of trials find the effect), never a
percentage. A simulated power varies with the random draws, so it is compared with the
formula within a tolerance of about 4.5 Monte Carlo standard errors; a formula is compared
exactly (to 0.0002). Each well-known slip gets its own sentence: a percentage, a count
instead of a share, the share that *missed*, a one-sided test, a standard error of
1/√n instead of √(2/n), a threshold that ignores ``alpha``, and a seed that is ignored
or never used.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from stemimmune.engine.checking import (
    CheckFailed,
    call_learner,
    expect_number,
    expect_value_error,
    passed,
)

from .trials import analytic_power as reference_power
from .trials import critical_z, normal_cdf

ALPHA = 0.05
#: Simulated cases: (n_per_arm, true_effect, n_trials, seed). The no-effect case comes
#: first: with many trials and no effect, each usual slip gives its own distinct answer.
SIMULATION_CASES: tuple[tuple[int, float, int, int], ...] = (
    (20, 0.0, 20_000, 3), (20, 0.3, 4000, 1), (200, 0.3, 4000, 2))
#: Seeds tried on one design to see whether the answer follows the seed. With 20,000 trials
#: the count of significant trials varies by about 50 from seed to seed, so the chance that
#: a function that does use its seed gives exactly the same share for all five seeds is
#: below one in 100 million: the "ignores its seed" message cannot be a coincidence.
SEED_CASE: tuple[int, float, int] = (20, 0.3, 20_000)
SEEDS: tuple[int, ...] = (7, 8, 9, 10, 11)
FORMULA_TOLERANCE = 2e-4
FRACTION = "a fraction between 0 and 1"


# Powers of the right test and of the usual wrong ones -----------------------------------
def _share_beyond(shift: float, threshold: float, two_sided: bool = True) -> float:
    """Chance that a normal value with mean ``shift`` and SD 1 lies beyond ±threshold."""
    upper = normal_cdf(shift - threshold)
    return upper + normal_cdf(-shift - threshold) if two_sided else upper


def _slips(n: int, effect: float, alpha: float = ALPHA) -> list[tuple[float, str]]:
    """What the usual mistakes would give for this design, each with advice."""
    shift = effect / math.sqrt(2 / n)
    z = critical_z(alpha)
    right = reference_power(n, effect, alpha)
    return [
        (_share_beyond(shift, z, two_sided=False),
         "You counted only the trials significant in one direction. The test is two-sided: "
         "use abs(z) > the critical value, so a large effect either way counts."),
        *((wrong, "Your standard error is too small. The observed effect is a difference "
                  "of two averages, so its standard error is sqrt(2 / n_per_arm), not "
                  "1 / sqrt(n_per_arm).")
          # in a simulation the wrong SE rescales z; in the formula it rescales the shift
          for wrong in (_share_beyond(shift, z / math.sqrt(2)),
                        _share_beyond(shift * math.sqrt(2), z))),
        *((wrong, "Your standard error is too large: use sqrt(2 / n_per_arm) (each arm's "
                  "average has variance 1 / n_per_arm, and the two add up to "
                  "2 / n_per_arm).")
          for wrong in (_share_beyond(shift, z * math.sqrt(2)),
                        _share_beyond(shift / math.sqrt(2), z))),
        (_share_beyond(shift, critical_z(2 * alpha)),
         "Your critical value is too small (1.645 belongs to a one-sided test): a two-sided "
         f"test at alpha = {alpha:g} needs |z| > {z:.2f}."),
        (1 - right,
         "That is the share of trials that were NOT significant (the trials that missed). "
         "Power is the share that came out significant."),
    ]


def _as_number(value: Any, call: str) -> float:
    """The learner's result as one float, or a CheckFailed that says what it is instead."""
    if isinstance(value, np.ndarray) and value.size != 1:
        raise CheckFailed(f"{call} returned an array of {value.size} values; it should "
                          "return one number, the share of significant trials (for "
                          "example significant.mean()).")
    if isinstance(value, np.ndarray):
        value = value.item()
    if isinstance(value, (np.bool_, bool)):
        raise CheckFailed(f"{call} returned {value!r}, a yes/no value; it should return "
                          f"the power as {FRACTION}.")
    return expect_number(value, call, FRACTION)


def _compare(value: float, expected: float, call: str, tolerance: float,
             slips: list[tuple[float, str]], n_trials: int | None = None) -> None:
    """Pass if ``value`` is within ``tolerance`` of ``expected``; else name the likely slip."""
    if abs(value - expected) <= tolerance:
        return
    if 1 < value <= 100 and abs(value / 100 - expected) <= tolerance:
        raise CheckFailed(f"{call} returned {value:.4g}, which looks like a percentage. "
                          f"Return {FRACTION}: do not multiply by 100.")
    if n_trials and value > 1 and abs(value / n_trials - expected) <= tolerance:
        raise CheckFailed(f"{call} returned {value:.4g}: that is the number of significant "
                          f"trials. Power is their share: divide by n_trials.")
    if not 0 <= value <= 1:
        raise CheckFailed(f"{call} returned {value:.4g}, but a power is {FRACTION} (it is "
                          "a share of trials).")
    for wrong, advice in slips:
        if abs(value - wrong) <= tolerance and abs(wrong - expected) > tolerance:
            raise CheckFailed(f"{call} returned {value:.4f}. {advice}")
    raise CheckFailed(f"{call} returned {value:.4f}; expected about {expected:.4f} "
                      f"(within {tolerance:.3f}).")




def monte_carlo_tolerance(power: float, n_trials: int) -> float:
    """How far a simulated power may honestly stray from the formula: 4.5 standard errors
    of a share of ``n_trials`` trials, plus 0.003 for the formula's own rounding."""
    return 4.5 * math.sqrt(power * (1 - power) / n_trials) + 0.003


# Task 1 ----------------------------------------------------------------------------------
def check_estimate_power(estimate_power: Callable[[int, float, int, int], float]) -> None:
    """Task 1: ``estimate_power(n_per_arm, true_effect, n_trials, seed)`` by simulation."""
    name = "estimate_power"
    for n, effect, n_trials, seed in SIMULATION_CASES:
        call = f"{name}({n}, {effect}, {n_trials}, seed={seed})"
        value = _as_number(call_learner(estimate_power, name, n, effect, n_trials, seed), call)
        expected = reference_power(n, effect)
        _compare(value, expected, call, monte_carlo_tolerance(expected, n_trials),
                 _slips(n, effect), n_trials)
    n, effect, n_trials = SEED_CASE
    first, again = (_as_number(call_learner(estimate_power, name, n, effect, n_trials,
                                            SEEDS[0]), name) for _ in range(2))
    if first != again:
        raise CheckFailed(f"{name}({n}, {effect}, {n_trials}, seed={SEEDS[0]}) gave "
                          f"{first:.4f} and then {again:.4f}: the result is not reproducible. "
                          "Make the generator inside the function from the seed: "
                          "rng = np.random.default_rng(seed), and draw every number from rng.")
    others = [_as_number(call_learner(estimate_power, name, n, effect, n_trials, s), name)
              for s in SEEDS[1:]]
    if all(other == first for other in others):
        raise CheckFailed(f"{name} gives {first:.4f} for the seeds {list(SEEDS)}: it ignores its "
                          "seed argument. Use rng = np.random.default_rng(seed), with the "
                          "seed that was passed in, not a fixed number.")
    expect_value_error(estimate_power, name, (1, 0.3, 100, 0),
                        "a trial needs at least 2 patients per arm",
                        "n_per_arm must be at least 2")
    expect_value_error(estimate_power, name, (20, 0.3, 0, 0),
                        "with no trials there is nothing to count",
                        "n_trials must be at least 1")
    passed(f"estimate_power is right: with 20 patients per arm a true effect of 0.3 SD is "
           f"found in about {reference_power(20, 0.3):.0%} of trials, with 200 per arm in "
           f"about {reference_power(200, 0.3):.0%}, and the same seed gives the same answer.")


# Task 2 ----------------------------------------------------------------------------------
FORMULA_CASES: tuple[tuple[Any, ...], ...] = ((20, 0.3), (200, 0.3), (55, 0.5), (20, 0.0),
                                              (20, 0.5, 0.01))


def check_analytic_power(analytic_power: Callable[..., float]) -> None:
    """Task 2: ``analytic_power(n_per_arm, true_effect, alpha=0.05)`` from the formula."""
    name = "analytic_power"
    for args in FORMULA_CASES:
        call = f"{name}({', '.join(map(repr, args))})"
        value = _as_number(call_learner(analytic_power, name, *args), call)
        expected = reference_power(*args)
        slips = _slips(*args)
        if len(args) == 3:
            slips.insert(0, (reference_power(args[0], args[1]),
                             "That is the power at alpha = 0.05. Use the alpha that was "
                             "passed in: z = critical_z(alpha), not a fixed 1.96."))
        _compare(value, expected, call, FORMULA_TOLERANCE, slips)
    passed(f"analytic_power is right: for 20 patients per arm and a true effect of 0.3 SD "
           f"it gives {reference_power(20, 0.3):.3f}, and with no effect it gives alpha, the "
           "false-positive rate.")
