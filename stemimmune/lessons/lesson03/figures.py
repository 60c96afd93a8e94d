"""Figures for lesson 03 whose drawing code is longer than a learner needs to read.

In a notebook::

    import pandas as pd
    from stemimmune.lessons.lesson03 import draw_edss_change, draw_transplant_activity
    from stemimmune.engine.figures import add_source, show_figure

    activity = pd.read_csv("../data/ebmt_transplant_activity.csv")
    fig = draw_transplant_activity(activity)
    add_source(fig, "…")
    show_figure(fig, alt="One sentence that says what the chart shows.")

Both functions return the figure without a source caption: the notebook adds the caption,
so that the source of every number stays visible next to the figure.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, new_figure

#: Colours of the two kinds of transplant, and of years that report only a total.
ALLOGENEIC, AUTOLOGOUS, TOTAL_ONLY = PALETTE["blue"], PALETTE["orange"], "#CCCCCC"
#: Colour of each MIST arm.
ARM_COLOURS: dict[str, str] = {"HSCT": PALETTE["blue"], "DMT": PALETTE["vermillion"]}
ARM_LABELS: dict[str, str] = {"HSCT": "Transplant (HSCT)", "DMT": "Drug switch (DMT)"}


def draw_transplant_activity(activity: pd.DataFrame) -> Figure:
    """Bar chart of transplants per year: allogeneic and autologous stacked where the
    report splits them, a grey hatched bar where it gives only the total.

    ``activity`` needs the columns ``year``, ``total_hct``, ``allogeneic_hct`` and
    ``autologous_hct`` (the last two may be empty). Each bar carries its total on top.
    Bars carry ``gid="split:<year>"`` or ``gid="total:<year>"`` so that tests can find them.
    """
    require_columns(activity, ("year", "total_hct", "allogeneic_hct", "autologous_hct"),
             "transplant activity")
    fig, ax = new_figure("Blood stem cell transplants reported in Europe",
                         xlabel="Year (not evenly spaced)",
                         ylabel="Transplants per year (number)")
    split = activity["allogeneic_hct"].notna() & activity["autologous_hct"].notna()
    labelled: set[str] = set()

    def label(name: str) -> str:
        """The legend text for the first bar of a kind; later bars stay out of the legend."""
        if name in labelled:
            return "_nolegend_"
        labelled.add(name)
        return name

    for x, row in enumerate(activity.itertuples(index=False)):
        if split.iloc[x]:
            ax.bar(x, row.allogeneic_hct, color=ALLOGENEIC, gid=f"split:{row.year}",
                   label=label("Allogeneic (donor cells)"))
            ax.bar(x, row.autologous_hct, bottom=row.allogeneic_hct, color=AUTOLOGOUS,
                   label=label("Autologous (own cells)"))
        else:
            ax.bar(x, row.total_hct, color=TOTAL_ONLY, hatch="//", edgecolor="#777777",
                   gid=f"total:{row.year}", label=label("Total only (no split reported)"))
        ax.text(x, row.total_hct + 700, f"{row.total_hct:,}", ha="center", fontsize=9)
    ax.set_xticks(range(len(activity)), activity["year"].astype(str))
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.set_ylim(0, 62000)
    ax.legend(frameon=False, loc="upper center", ncol=3, fontsize=9)
    return fig


def draw_edss_change(mist: pd.DataFrame) -> Figure:
    """Line chart of the mean EDSS score at the start and after 1 year, one line per arm,
    each point labelled with its value.

    ``mist`` needs the columns ``arm`` (``HSCT`` and ``DMT``), ``edss_baseline`` and
    ``edss_year1``. Lines carry ``gid="arm:<arm>"``.
    """
    require_columns(mist, ("arm", "edss_baseline", "edss_year1"), "MIST")
    unknown = sorted(set(mist["arm"]) - set(ARM_COLOURS))
    if unknown:
        raise ValueError(f"unknown arm(s) {unknown}; expected {list(ARM_COLOURS)}")
    fig, ax = new_figure("MIST trial: disability score in the first year",
                         xlabel="Time in the trial",
                         ylabel="Mean EDSS score (higher = more disability)")
    for row in mist.itertuples(index=False):
        start, year1 = row.edss_baseline, row.edss_year1
        colour = ARM_COLOURS[row.arm]
        ax.plot(["Start", "After 1 year"], [start, year1], marker="o", color=colour,
                label=ARM_LABELS[row.arm], gid=f"arm:{row.arm}")
        # the starting scores are close together: put the higher label above its point
        nudge = 6 if start >= mist["edss_baseline"].max() else -14
        ax.annotate(f"{start:.2f}", (0, start), textcoords="offset points",
                    xytext=(-40, nudge), color=colour)
        ax.annotate(f"{year1:.2f}", (1, year1), textcoords="offset points",
                    xytext=(10, -4), color=colour)
    ax.set_xlim(-0.4, 1.3)
    ax.set_ylim(0, 5)
    ax.legend(frameon=False, loc="lower left")
    return fig
