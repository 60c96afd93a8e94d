"""A simulated two-arm clinical trial, repeated many times, for lesson 04.

The model is deliberately simple, and the lesson says so:

* every patient's outcome is a number drawn from a normal distribution with standard
  deviation 1 (so effects are measured in standard deviations, SD);
* the control arm's average outcome is 0, the treated arm's is ``true_effect``;
* each trial compares the two arms' average outcomes (the *observed effect*) with a
  two-sided z-test, which is exact here because the standard deviation is known;
* a trial is called "significant" when its p-value is below ``alpha`` (0.05 by default).

In a notebook::

    import numpy as np
    from stemimmune.lessons.lesson04 import simulate_trials, analytic_power

    results = simulate_trials(n_per_arm=20, true_effect=0.5, n_trials=2000,
                              rng=np.random.default_rng(4))
    results.share_significant       # about 0.35, the simulated power
    analytic_power(20, 0.5)         # 0.35, the same from a formula

Everything is vectorised with numpy: all trials are drawn at once, with no Python loop
over trials, and the same seed always gives the same trials.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

#: Seed used when no random generator is given, so that results are reproducible.
DEFAULT_SEED = 2024
#: The usual significance level: a two-sided p-value below it counts as "significant".
ALPHA = 0.05
#: The most simulated patient outcomes one call may draw (per arm), to keep memory small.
MAX_DRAWS_PER_ARM = 20_000_000


# Checking inputs ------------------------------------------------------------------------
def _whole_number(value: object, name: str, minimum: int, meaning: str) -> int:
    """``value`` as an int, or a ValueError saying in plain words what is wrong."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and not isinstance(value, bool) \
                and math.isfinite(float(value)) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be a whole number of {meaning}, "
                             f"not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum} {meaning}, not {value}")
    return int(value)


def _real_number(value: object, name: str) -> float:
    """``value`` as a finite float, or a ValueError saying what is wrong."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number (in standard deviations), not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, not {number}")
    return number


def _significance_level(alpha: object) -> float:
    level = _real_number(alpha, "alpha")
    if not 0 < level < 1:
        raise ValueError(f"alpha must be between 0 and 1 (for example 0.05), not {level}")
    return level


def _generator(rng: np.random.Generator | int | None) -> np.random.Generator:
    """A numpy Generator: the one given, one seeded with the given int, or the default."""
    if rng is None:
        return np.random.default_rng(DEFAULT_SEED)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, numbers.Integral) and not isinstance(rng, bool) and rng >= 0:
        return np.random.default_rng(int(rng))
    raise ValueError("rng must be a numpy Generator (np.random.default_rng(seed)), "
                     f"a seed (a whole number, 0 or more) or None, not {rng!r}")


# The normal distribution, without scipy --------------------------------------------------
def normal_cdf(x: float) -> float:
    """Probability that a standard normal value is at most ``x`` (uses :func:`math.erf`)."""
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def critical_z(alpha: float = ALPHA) -> float:
    """The z value that a two-sided test at level ``alpha`` must exceed (1.96 for 0.05)."""
    return NormalDist().inv_cdf(1.0 - _significance_level(alpha) / 2.0)


def _erfc(x: np.ndarray) -> np.ndarray:
    """Complementary error function for x ≥ 0, vectorised (relative error below 1.2e-7).

    The Chebyshev fit from *Numerical Recipes* (erfcc); numpy has no erf of its own.
    """
    t = 1.0 / (1.0 + 0.5 * x)
    poly = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (
            -0.82215223 + t * 0.17087277))))))))
    return t * np.exp(-x * x + poly)


def two_sided_p_values(z: np.ndarray) -> np.ndarray:
    """Two-sided p-values of z statistics: the chance of a |z| at least this large by luck."""
    return np.minimum(1.0, _erfc(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2.0)))


# The simulation -------------------------------------------------------------------------
@dataclass(frozen=True)
class TrialResults:
    """Many simulated trials of one design, one entry per trial in each array."""

    n_per_arm: int
    true_effect: float
    alpha: float
    observed: np.ndarray      #: observed effect: treated average minus control average (SD)
    z: np.ndarray             #: z statistic: observed effect divided by its standard error
    p_value: np.ndarray       #: two-sided p-value of each trial
    significant: np.ndarray   #: True where p_value < alpha

    @property
    def n_trials(self) -> int:
        return int(self.observed.size)

    @property
    def standard_error(self) -> float:
        """How much the observed effect varies from trial to trial: √(2 / n_per_arm)."""
        return math.sqrt(2.0 / self.n_per_arm)

    @property
    def share_significant(self) -> float:
        """Fraction of trials that came out significant (the power, if the effect is real)."""
        return float(self.significant.mean())

    @property
    def mean_observed(self) -> float:
        """Average observed effect over all trials."""
        return float(self.observed.mean())

    @property
    def published(self) -> np.ndarray:
        """True for the trials a biased literature would publish: significant *and* in
        favour of the treatment (observed effect above 0)."""
        return self.significant & (self.observed > 0)

    @property
    def share_published(self) -> float:
        """Fraction of trials that are significant in favour of the treatment."""
        return float(self.published.mean())

    @property
    def mean_observed_published(self) -> float:
        """Average observed effect over the "published" trials only (NaN if there are none)."""
        if not self.published.any():
            return math.nan
        return float(self.observed[self.published].mean())

    def table(self) -> pd.DataFrame:
        """One row per trial: observed effect, p-value and whether it was significant."""
        return pd.DataFrame({"observed_effect": self.observed, "p_value": self.p_value,
                             "significant": self.significant},
                            index=pd.RangeIndex(1, self.n_trials + 1, name="trial"))


#: At most this many patients' outcomes are held in memory at once (8 bytes each).
CHUNK_DRAWS = 250_000


def _arm_averages(generator: np.random.Generator, trials: int, n: int) -> np.ndarray:
    """The average outcome of one arm in each of ``trials`` trials of ``n`` patients.

    The outcomes are drawn a block of trials at a time and only their averages are kept, so
    memory stays small however many patients are simulated. The generator hands out the
    same numbers in the same order as one big draw of shape ``(trials, n)``, so the results
    do not depend on the block size.
    """
    rows = max(1, CHUNK_DRAWS // n)
    blocks = (generator.standard_normal((min(rows, trials - start), n)).mean(axis=1)
              for start in range(0, trials, rows))
    return np.concatenate(list(blocks))


def simulate_trials(n_per_arm: int, true_effect: float, n_trials: int,
                    rng: np.random.Generator | int | None = None,
                    alpha: float = ALPHA) -> TrialResults:
    """Run ``n_trials`` simulated two-arm trials with ``n_per_arm`` patients in each arm.

    Each patient's outcome is normal with standard deviation 1; the treatment adds
    ``true_effect`` (in standard deviations) to the average. Every trial compares the
    arms with a two-sided z-test at level ``alpha``. ``rng`` is a numpy Generator, a seed,
    or None for the fixed :data:`DEFAULT_SEED`: the same seed gives the same trials.

    Raises:
        ValueError: with a plain message if ``n_per_arm`` is not a whole number of at
            least 2, ``n_trials`` is not a whole number of at least 1, ``true_effect`` or
            ``alpha`` is not a number (or alpha not between 0 and 1), or the simulation
            would draw more than :data:`MAX_DRAWS_PER_ARM` outcomes per arm.
    """
    n = _whole_number(n_per_arm, "n_per_arm", 2, "patients per arm")
    trials = _whole_number(n_trials, "n_trials", 1, "trials")
    effect = _real_number(true_effect, "true_effect")
    level = _significance_level(alpha)
    if n * trials > MAX_DRAWS_PER_ARM:
        raise ValueError(f"{trials:,} trials of {n:,} patients per arm is too big to "
                         f"simulate at once (more than {MAX_DRAWS_PER_ARM:,} patients per "
                         "arm); use fewer trials or fewer patients")
    generator = _generator(rng)
    control = _arm_averages(generator, trials, n)
    treated = effect + _arm_averages(generator, trials, n)
    observed = treated - control
    z = observed / math.sqrt(2.0 / n)
    p_value = two_sided_p_values(z)
    return TrialResults(n_per_arm=n, true_effect=effect, alpha=level, observed=observed,
                        z=z, p_value=p_value, significant=p_value < level)


def analytic_power(n_per_arm: int, true_effect: float, alpha: float = ALPHA) -> float:
    """The chance that one trial comes out significant, from the normal distribution.

    With standard error ``se = √(2 / n_per_arm)`` and critical value ``z = critical_z(alpha)``,
    power = Φ(effect/se − z) + Φ(−effect/se − z), where Φ is :func:`normal_cdf`. With no
    true effect it equals ``alpha``: the false-positive rate.
    """
    n = _whole_number(n_per_arm, "n_per_arm", 2, "patients per arm")
    effect = _real_number(true_effect, "true_effect")
    z = critical_z(alpha)
    shift = effect / math.sqrt(2.0 / n)
    return normal_cdf(shift - z) + normal_cdf(-shift - z)


def publication_bias_table(n_values: list[int], true_effect: float, n_trials: int,
                           rng: np.random.Generator | int | None = None,
                           alpha: float = ALPHA) -> pd.DataFrame:
    """What a reader of only the "published" trials would see, for each trial size.

    "Published" means significant and in favour of the treatment (see
    :attr:`TrialResults.published`). One row per value in ``n_values`` (patients per arm),
    with the columns ``n_per_arm``, ``share_published``, ``mean_all`` (average observed
    effect of all trials), ``mean_published`` (of the published ones; NaN if none) and
    ``inflation`` (mean_published / true_effect; NaN when the true effect is 0). All sizes
    draw from one generator, in the order given.
    """
    generator = _generator(rng)
    effect = _real_number(true_effect, "true_effect")
    rows = []
    for n in n_values:  # a handful of trial sizes; each simulation is vectorised
        results = simulate_trials(n, effect, n_trials, generator, alpha)
        published_mean = results.mean_observed_published
        rows.append({"n_per_arm": results.n_per_arm,
                     "share_published": results.share_published,
                     "mean_all": results.mean_observed,
                     "mean_published": published_mean,
                     "inflation": published_mean / effect if effect else math.nan})
    return pd.DataFrame(rows)
