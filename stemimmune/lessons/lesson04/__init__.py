"""Lesson 04, current research: simulated trials, power and publication bias.

:func:`simulate_trials` repeats a simulated two-arm trial many times (same seed, same
numbers) and :func:`analytic_power` gives the formula's answer; the figures show the
simulation, power curves, publication bias and two real study designs. ``checks`` holds
exercise 04's checks.
"""

from . import checks
from .figures import (
    TrialSimulationFigure,
    describe_trial_simulation,
    draw_power_curves,
    draw_publication_bias,
    draw_trial_simulation,
    draw_two_study_designs,
    power_table,
)
from .trials import (
    ALPHA,
    DEFAULT_SEED,
    TrialResults,
    analytic_power,
    critical_z,
    normal_cdf,
    publication_bias_table,
    simulate_trials,
    two_sided_p_values,
)

__all__ = [
    "ALPHA", "DEFAULT_SEED", "analytic_power", "checks", "critical_z", "describe_trial_simulation",
    "draw_power_curves", "draw_publication_bias", "draw_trial_simulation",
    "draw_two_study_designs", "normal_cdf", "power_table", "publication_bias_table",
    "simulate_trials", "TrialResults", "TrialSimulationFigure", "two_sided_p_values",
]
