"""Lesson 03, conditions that might benefit: transplant activity, a trial, the evidence ladder.

:func:`draw_transplant_activity` and :func:`draw_edss_change` draw the lesson's figures;
:func:`draw_evidence_ladder` places condition–therapy pairs on four rungs of evidence (the
review, lesson 07, shows it again). ``checks`` holds exercise 03's checks (risk, risk ratio,
absolute risk reduction, number needed to treat).
"""

from . import checks
from .figures import draw_edss_change, draw_transplant_activity
from .ladder import RUNG_MEANING, RUNGS, box_label, check_ladder_table, draw_evidence_ladder

__all__ = [
    "RUNG_MEANING", "RUNGS", "box_label", "check_ladder_table", "checks", "draw_edss_change",
    "draw_evidence_ladder", "draw_transplant_activity",
]
