"""Lesson 02, how therapy affects the immune system: recovery after a transplant.

:func:`draw_recovery_timeline` shows when each part of immunity returns;
:class:`NeutrophilRecoveryFigure` compares neutrophil recovery by graft source (the lesson's
interactive figure, with :func:`describe_neutrophil_recovery` for its alt text;
:func:`draw_neutrophil_recovery` draws it for one choice).
:func:`simulate_neutrophil_counts` makes the simulated daily counts of exercise 02, whose
checks are in ``checks``.
"""

from . import checks
from .figures import (
    TIMELINE_TITLE,
    NeutrophilRecoveryFigure,
    describe_neutrophil_recovery,
    draw_neutrophil_recovery,
    draw_recovery_timeline,
)
from .simulated_counts import MISSING_DAYS, simulate_neutrophil_counts

__all__ = [
    "MISSING_DAYS", "TIMELINE_TITLE", "NeutrophilRecoveryFigure", "checks",
    "describe_neutrophil_recovery",
    "draw_neutrophil_recovery", "draw_recovery_timeline", "simulate_neutrophil_counts",
]
