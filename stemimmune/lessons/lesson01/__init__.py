"""Lesson 01, understanding stem cells: the blood cell family tree and exercise 01's checks.

The family tree of blood cells is drawn from ``data/blood_cell_lineages.csv`` by
:func:`draw_lineage_tree` (:func:`layout_tree` places its boxes). ``checks`` holds the checks
of exercise 01 (cells per second, shares of production, a bar chart).
"""

from . import checks
from .lineage import BRANCH_LABELS, BRANCH_STYLE, draw_lineage_tree, layout_tree

__all__ = [
    "BRANCH_LABELS", "BRANCH_STYLE", "checks", "draw_lineage_tree", "layout_tree",
]
