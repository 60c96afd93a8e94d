"""Figure for lesson 05: when each risk of a blood stem cell transplant is highest.

In a notebook::

    import pandas as pd
    from stemimmune.lessons.lesson05 import draw_risk_timeline
    from stemimmune.engine.figures import add_source, show_figure

    risks = pd.read_csv("../data/transplant_risk_phases.csv")
    fig = draw_risk_timeline(risks)
    add_source(fig, "…")
    show_figure(fig, alt="One sentence that says what the chart shows.")

The time axis is made of four approximate phases, not of days: patients do not follow a
calendar, and the sources describe risks by phase (before and after the neutrophils return,
before and after about day 100) rather than by exact dates.
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, new_figure

#: The phases of the time axis, in order, with the label printed under each.
PHASES: dict[str, str] = {
    "infusion": "Day 0\n(infusion)",
    "pre-engraftment": "Before engraftment\n(about weeks 1–4)",
    "early post-engraftment": "After engraftment\n(to about day 100)",
    "late": "Late\n(after about day 100,\nmonths to years)",
}
#: Colour for each value of the table's ``category`` column.
CATEGORY_COLOURS: dict[str, str] = {
    "treatment side effect": PALETTE["orange"],
    "infection": PALETTE["blue"],
    "graft": "#999999",
    "donor immune cells": PALETTE["reddish purple"],
}
#: Legend words for each ``category`` value.
CATEGORY_LABELS: dict[str, str] = {
    "treatment side effect": "Side effect of the treatment",
    "infection": "Infection",
    "graft": "Graft does not work",
    "donor immune cells": "Caused by donor immune cells",
}
#: The chart's default title.
TIMELINE_TITLE = "When each risk is highest after a blood stem cell transplant"

_COLUMNS = ("risk", "category", "first_phase", "last_phase")


def _check_table(table: pd.DataFrame) -> None:
    """Raise ValueError, in plain words, if the table cannot be drawn."""
    require_columns(table, _COLUMNS, "risk")
    phases = set(table["first_phase"]) | set(table["last_phase"])
    unknown = sorted(phases - set(PHASES))
    if unknown:
        raise ValueError(f"unknown phase(s) {unknown}; use {list(PHASES)}")
    unknown = sorted(set(table["category"]) - set(CATEGORY_COLOURS))
    if unknown:
        raise ValueError(f"unknown category value(s) {unknown}; use {list(CATEGORY_COLOURS)}")
    order = list(PHASES)
    backwards = [row.risk for row in table.itertuples(index=False)
                 if order.index(row.last_phase) < order.index(row.first_phase)]
    if backwards:
        raise ValueError(f"these risks end in a phase before the one they start in: {backwards}")


def draw_risk_timeline(table: pd.DataFrame, title: str = TIMELINE_TITLE) -> Figure:
    """Draw one band per risk, across the phases from ``first_phase`` to ``last_phase``.

    ``table`` needs the columns ``risk``, ``category`` (a key of :data:`CATEGORY_COLOURS`),
    ``first_phase`` and ``last_phase`` (keys of :data:`PHASES`). Phase ``i`` spans the
    x-axis from ``i`` to ``i + 1``; rows are drawn top to bottom in table order. Each band
    carries ``gid="band:<risk>"`` so that tests can find it.

    Raises:
        ValueError: if a column is missing, the table is empty, a phase or category is
            unknown, or a risk ends in an earlier phase than it starts.
    """
    _check_table(table)
    order = list(PHASES)
    fig, ax = new_figure(title, xlabel="Time after the transplant (approximate phases, "
                                       "not drawn to scale)",
                         ylabel="Risk", size=(10.0, 5.6))
    for i in range(0, len(order), 2):  # light stripes make the phases easy to follow
        ax.axvspan(i, i + 1, color="#f2f2f2", zorder=0)
    rows = list(table.itertuples(index=False))
    for position, row in enumerate(rows):
        y = len(rows) - 1 - position
        start, end = order.index(row.first_phase), order.index(row.last_phase) + 1
        ax.barh(y, end - start - 0.12, left=start + 0.06, height=0.62,
                color=CATEGORY_COLOURS[row.category], edgecolor="#333333", linewidth=0.6,
                gid=f"band:{row.risk}", zorder=2)
    ax.set_yticks(range(len(rows)),
                  [textwrap.fill(r.risk, 34) for r in reversed(rows)], fontsize=9.5)
    ax.set_xticks([i + 0.5 for i in range(len(order))], list(PHASES.values()), fontsize=9.5)
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(0, len(order))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    used = [k for k in CATEGORY_COLOURS if k in set(table["category"])]
    ax.legend(handles=[Patch(facecolor=CATEGORY_COLOURS[k], edgecolor="#333333",
                             label=CATEGORY_LABELS[k]) for k in used],
              loc="upper center", bbox_to_anchor=(0.5, -0.24), ncol=len(used),
              frameon=False, fontsize=9)
    return fig
