"""Figures for lesson 06: the FDA approvals the lesson names, and red flags in its adverts.

In a notebook::

    approvals = pd.read_csv("../data/fda_stem_cell_product_approvals.csv")
    fig = draw_approval_timeline(approvals)
    ...
    fig = draw_flag_counts(flag_counts(adverts, flags), total=len(adverts))

Each function returns the figure; the notebook adds the source caption and shows it.
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .plotting import PALETTE, new_figure
from .tables import require_columns

#: Title of the approval timeline.
TIMELINE_TITLE = "Stem and stromal cell products approved by the US FDA (those named here)"
#: Title of the red-flag bar chart: the data are invented, and the title says so.
FLAGS_TITLE = "Red flags in the fictional adverts written for this course"


def _colour(cells: str) -> str:
    """Blue for cord blood products, orange for stromal cells, grey otherwise."""
    text = cells.lower()
    if "cord blood" in text:
        return PALETTE["blue"]
    if "stromal" in text:
        return PALETTE["orange"]
    return "#777777"


def draw_approval_timeline(table: pd.DataFrame, title: str = TIMELINE_TITLE) -> Figure:
    """One row per product, a dot at its approval year, and what it was approved for.

    ``table`` needs the columns ``product``, ``cells``, ``approved_for`` and ``year``;
    rows are drawn top to bottom in table order. Each dot carries
    ``gid="approval:<product>"`` so that tests can find it.
    """
    require_columns(table, ("product", "cells", "approved_for", "year"), "approvals")
    years = pd.to_numeric(table["year"], errors="coerce")
    if years.isna().any():
        raise ValueError("every approval needs a year (a whole number such as 2011)")
    fig, ax = new_figure(title, xlabel="Year of approval", ylabel="Product",
                         size=(9.5, 4.8))
    n = len(table)
    for i, (row, year) in enumerate(zip(table.itertuples(index=False), years)):
        y = n - 1 - i
        ax.plot([years.min() - 1, year], [y, y], color="#dddddd", lw=1, zorder=1)
        ax.scatter([year], [y], s=110, color=_colour(row.cells), zorder=3,
                   gid=f"approval:{row.product}")
        label = textwrap.fill(f"{int(year)}: {row.approved_for}", 60)
        ax.annotate(label, (year, y), xytext=(10, 0), textcoords="offset points",
                    va="center", fontsize=8.5, color="#333333")
    ax.set_yticks(range(n), list(table["product"])[::-1])
    ax.set_ylim(-1.4, n - 0.4)
    ax.set_xlim(years.min() - 1, years.max() + 9)
    ax.set_xticks(range(int(years.min()) - 1, int(years.max()) + 3, 2))
    ax.scatter([], [], color=PALETTE["blue"], label="Cord blood cells")
    ax.scatter([], [], color=PALETTE["orange"], label="Mesenchymal stromal cells")
    ax.legend(frameon=False, loc="lower left", fontsize=9, ncols=2)
    return fig


def draw_flag_counts(counts: pd.DataFrame, total: int, honest: int | None = None,
                     title: str = FLAGS_TITLE) -> Figure:
    """Horizontal bars: how many of ``total`` adverts show each red flag.

    ``counts`` needs the columns ``name`` and ``adverts`` (see
    :func:`stemimmune.adverts.flag_counts`); bars keep the table's order, top to bottom.
    With ``honest``, a grey bar at the bottom shows how many adverts have no red flag.
    """
    require_columns(counts, ("name", "adverts"), "red-flag count")
    values = [int(v) for v in counts["adverts"]]
    if total < 1 or max(values) > total or (honest is not None and not 0 <= honest <= total):
        raise ValueError("total must be at least 1, and no count can be above it")
    fig, ax = new_figure(title, xlabel=f"Number of adverts (of {total})",
                         ylabel="Red flag", size=(8.5, 4.4))
    names = [textwrap.fill(str(n), 26) for n in counts["name"]]
    colours = [PALETTE["vermillion"]] * len(names)
    if honest is not None:
        names.append("No red flag at all")
        values.append(honest)
        colours.append("#999999")
    bars = ax.barh(names[::-1], values[::-1], color=colours[::-1])
    ax.bar_label(bars, padding=3, fontsize=9)
    ax.set_xlim(0, total)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return fig
