"""Figures for lesson 06: regulators' approvals of stem cell products, and red flags in adverts.

In a notebook::

    approvals = pd.read_csv("../data/stem_cell_product_approvals.csv", dtype=str)
    fig = draw_approval_timeline(approvals)
    ...
    fig = draw_flag_counts(flag_counts(adverts, flags), total=len(adverts))

Each function returns the figure; the notebook adds the source caption and shows it.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, new_figure

#: Title of the approval timeline.
TIMELINE_TITLE = "Stem cell products approved in the US, the EU and Japan (as of December 2026)"
#: Title of the red-flag bar chart: the data are invented, and the title says so.
FLAGS_TITLE = "Red flags in the fictional adverts written for this course"

#: Regions from top to bottom, with the label shown on the y-axis.
REGIONS: dict[str, str] = {"US": "US\n(FDA)", "EU": "EU\n(European\nCommission,\nEMA)",
                           "Japan": "Japan\n(MHLW,\nPMDA)"}
#: Each kind of approval has its own marker shape as well as its own colour.
APPROVAL_STYLE: dict[str, tuple[str, str]] = {
    "full": ("o", PALETTE["blue"]),
    "accelerated": ("s", PALETTE["orange"]),
    "conditional": ("^", PALETTE["bluish green"]),
    "conditional and time-limited": ("D", PALETTE["vermillion"]),
}
#: Approximate width of one character of a point label, in years on the time axis.
_CHAR_YEARS = 0.115
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def decimal_year(date: str) -> float:
    """``"2023-04-17"`` -> 2023.29; a month alone is placed mid-month, a year alone mid-year."""
    match = _DATE.fullmatch(str(date).strip())
    if not match:
        raise ValueError(f"cannot read the date {date!r}: write it as YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = match.groups()
    if month is None:
        return int(year) + 0.5
    return int(year) + (int(month) - 1 + (int(day) - 0.5 if day else 15) / 31) / 12


def _label(row) -> str:
    name = str(row.product).replace("HPC, Cord Blood", "Cord blood")
    if str(row.status) == "withdrawn":
        return f"{name} (withdrawn {str(row.withdrawn_on)[:4]})"
    return f"{name} (new use)" if str(row.decision) == "new use" else name


def _lanes(starts: list[float], ends: list[float], gap: float = 0.25) -> list[int]:
    """Give each item (a point, its label and any withdrawal line, from ``starts[i]`` to
    ``ends[i]`` in years) the first lane where it does not overlap the item before it."""
    lane_ends: list[float] = []
    result = [0] * len(starts)
    for i in sorted(range(len(starts)), key=lambda i: starts[i]):
        lane = next((n for n, end in enumerate(lane_ends) if starts[i] > end + gap),
                    len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(ends[i])
        lane_ends[lane] = ends[i]
        result[i] = lane
    return result


def draw_approval_timeline(table: pd.DataFrame, title: str = TIMELINE_TITLE) -> Figure:
    """A timeline with one band per region and one marker per decision.

    ``table`` needs the columns ``product``, ``region``, ``approval_type``, ``decision``,
    ``approved_on``, ``status`` and ``withdrawn_on`` (see data/stem_cell_product_approvals.csv).
    The marker's shape and colour give the kind of approval; a withdrawn product has a grey
    line from its approval to a black cross at its withdrawal. Each marker carries
    ``gid="approval:<region>:<product>:<approved_on>"`` so that tests can find it.
    """
    require_columns(table, ("product", "region", "approval_type", "decision", "approved_on",
                            "status", "withdrawn_on"), "approvals")
    unknown = ((set(table["region"]) - set(REGIONS))
               | (set(table["approval_type"]) - set(APPROVAL_STYLE)))
    if unknown:
        raise ValueError(f"unknown region or approval type: {', '.join(sorted(map(str, unknown)))}")
    xs = [decimal_year(d) for d in table["approved_on"]]
    fig, ax = new_figure(title, xlabel="Date of the decision (year)", ylabel="Region and regulator",
                         size=(11, 6.6))
    band_top = 0.0
    centres = []
    for region in REGIONS:
        rows = [(x, row) for x, row in zip(xs, table.itertuples(index=False))
                if row.region == region]
        ends = [max(x + 0.15 + _CHAR_YEARS * len(_label(r)),
                    decimal_year(r.withdrawn_on) + 0.2 if r.status == "withdrawn" else x)
                for x, r in rows]
        lanes = _lanes([x for x, _ in rows], ends)
        depth = max(lanes, default=0) + 1
        for (x, row), lane in zip(rows, lanes):
            y = band_top - 0.6 - lane * 0.62
            marker, colour = APPROVAL_STYLE[row.approval_type]
            if row.status == "withdrawn":
                end = decimal_year(row.withdrawn_on)
                ax.plot([x, end], [y, y], color="#888888", lw=1.5, zorder=2)
                ax.scatter([end], [y], marker="X", s=70, color="black", zorder=4,
                           gid=f"withdrawn:{region}:{row.product}")
            ax.scatter([x], [y], marker=marker, s=70, color=colour, edgecolor="black",
                       linewidth=0.6, zorder=3,
                       gid=f"approval:{region}:{row.product}:{row.approved_on}")
            ax.annotate(_label(row), (x, y), xytext=(6, 5), textcoords="offset points",
                        fontsize=8, color="#222222", va="bottom")
        centres.append(band_top - 0.3 - depth * 0.31)
        band_top -= depth * 0.62 + 0.5
        ax.axhline(band_top + 0.1, color="#cccccc", lw=0.8, zorder=1)
    ax.set_yticks(centres, list(REGIONS.values()))
    ax.set_ylim(band_top + 0.1, 0.1)
    ax.set_xlim(2010.5, 2027.8)
    ax.set_xticks(range(2011, 2028, 2))
    handles = [Line2D([], [], ls="", marker=m, color=c, markeredgecolor="black", markersize=8,
                      label=f"{kind} approval") for kind, (m, c) in APPROVAL_STYLE.items()]
    handles.append(Line2D([], [], ls="-", color="#888888", marker="X", markersize=8,
                          markerfacecolor="black", markeredgecolor="black",
                          label="withdrawn (cross: date of withdrawal)"))
    ax.legend(handles=handles, frameon=False, loc="upper left", fontsize=8.5, ncols=3,
              bbox_to_anchor=(0, -0.12))
    return fig


def draw_flag_counts(counts: pd.DataFrame, total: int, honest: int | None = None,
                     title: str = FLAGS_TITLE) -> Figure:
    """Horizontal bars: how many of ``total`` adverts show each red flag.

    ``counts`` needs the columns ``name`` and ``adverts`` (see
    :func:`.adverts.flag_counts`); bars keep the table's order, top to bottom.
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
