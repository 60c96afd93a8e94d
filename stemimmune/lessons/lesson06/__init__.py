"""Lesson 06, making an informed decision: approvals, fictional adverts and their red flags.

:func:`load_adverts` and :func:`load_red_flags` read the fictional clinic adverts and the
red-flag categories; :class:`AdvertChecklist` is the lesson's tick-the-warning-signs
widget; :func:`draw_approval_timeline` and :func:`draw_flag_counts` draw its figures.
``checks`` holds exercise 06's checks (a red-flag finder, counting approvals).
"""

from . import checks
from .adverts import Advert, RedFlag, flag_counts, load_adverts, load_red_flags, parse_flags
from .checklist import AdvertChecklist, ChecklistResult, assess
from .figures import decimal_year, draw_approval_timeline, draw_flag_counts

__all__ = [
    "Advert", "AdvertChecklist", "assess", "ChecklistResult", "checks", "decimal_year",
    "draw_approval_timeline", "draw_flag_counts", "flag_counts", "load_adverts", "load_red_flags",
    "parse_flags", "RedFlag",
]
