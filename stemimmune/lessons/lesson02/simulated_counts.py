"""Simulated (made-up) daily neutrophil counts after a transplant, for exercise 02.

The numbers are not patient data. They follow a simple invented shape: counts near zero
after the conditioning treatment, then a rise that levels off, with day-to-day noise from a
seeded random generator (so every run gives the same series) and a few days with no count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Days with no blood count in the simulated series (no test was done that day).
MISSING_DAYS: tuple[int, ...] = (9, 21)


def simulate_neutrophil_counts(days: int = 35, rise_day: float = 16.0, seed: int = 2030,
                               missing_days: tuple[int, ...] = MISSING_DAYS) -> pd.Series:
    """Return one simulated absolute neutrophil count per day, in 10⁹ cells per litre.

    The series is indexed by day after the transplant, ``0, 1, …, days - 1`` (the index is
    named ``"day"``); counts rise along a logistic curve centred on ``rise_day`` towards
    about 3 × 10⁹/L, multiplied by log-normal noise. Days in ``missing_days`` hold NaN.

    Raises:
        ValueError: if ``days`` is less than 1.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    rng = np.random.default_rng(seed)
    day = np.arange(days)
    trend = 0.05 + 3.0 / (1.0 + np.exp(-(day - rise_day) / 2.0))
    counts = np.round(trend * rng.lognormal(mean=0.0, sigma=0.3, size=days), 2)
    series = pd.Series(counts, index=pd.Index(day, name="day"), name="neutrophils_1e9_per_L")
    series[[d for d in missing_days if 0 <= d < days]] = np.nan
    return series
