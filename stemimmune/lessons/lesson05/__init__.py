"""Lesson 05, potential risks and side effects: when each risk of a transplant is highest.

:func:`draw_risk_timeline` draws the risk phases from ``data/transplant_risk_phases.csv``;
:func:`simulate_transplant_cohort` makes the simulated cohort of exercise 05, whose checks
are in ``checks``.
"""

from . import checks
from .figures import TIMELINE_TITLE, draw_risk_timeline
from .simulated_cohort import COLUMNS, simulate_transplant_cohort

__all__ = [
    "COLUMNS", "TIMELINE_TITLE", "checks", "draw_risk_timeline", "simulate_transplant_cohort",
]
