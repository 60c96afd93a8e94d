"""Figures for lesson 02: how the blood and immune system come back after a transplant.

In a notebook::

    import pandas as pd
    from stemimmune.lessons.lesson02 import draw_recovery_timeline
    from stemimmune.engine.figures import add_source, show_figure

    recovery = pd.read_csv("../data/immune_recovery_after_transplant.csv")
    fig = draw_recovery_timeline(recovery)
    add_source(fig, "…")
    show_figure(fig, alt="One sentence that says what the timeline shows.")

:class:`NeutrophilRecoveryFigure` draws the graft-source comparison once; for each choice
of graft source, ``stemimmune.engine.figures.explore`` asks it to update and redraws only the
rows that change. :func:`draw_neutrophil_recovery` gives the same figure for one choice.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, LiveFigure, new_figure

#: Colour for each value of the timeline table's ``immunity`` column.
IMMUNITY_COLOURS: dict[str, str] = {
    "innate": PALETTE["orange"],
    "adaptive": PALETTE["blue"],
    "not an immune cell": "#999999",
}
#: Legend words for each ``immunity`` value. NK cells are lymphocytes but belong to the
#: innate arm, so the adaptive label names B and T cells rather than "lymphocytes".
IMMUNITY_LABELS: dict[str, str] = {
    "innate": "Innate immune cells (NK cells are innate lymphocytes)",
    "adaptive": "Adaptive immune cells (B and T cells)",
    "not an immune cell": "Platelets (clotting, not immunity)",
}
#: What the end of a band means, for each value of the optional ``end_point`` column.
#: Bands that end at a recovery threshold (a first sign of recovery, below normal) are hatched.
END_POINTS: dict[str, str] = {
    "recovery threshold": "Hatched: first reaches the recovery threshold (not yet normal)",
    "normal counts": "Plain: back to normal counts",
}
#: Words for each value of the optional ``setting`` column: which patients a band's numbers
#: come from. The table mixes settings, so each band says its own.
SETTINGS: dict[str, str] = {
    "donor": "donor transplants",
    "own-cell": "own-cell transplants",
    "mixed": "own-cell study and review",
}
#: Hatch pattern for bands that end at a recovery threshold.
THRESHOLD_HATCH = "////"
#: Tick marks of the timeline: days after transplant, and a reader-friendly name for each.
TIME_TICKS: dict[int, str] = {7: "1 week", 30: "1 month", 90: "3 months", 180: "6 months",
                              365: "1 year", 730: "2 years", 1825: "5 years"}

_TIMELINE_COLUMNS = ("cell_type", "immunity", "recovery_start_days", "recovery_end_days")
_GRAFT_COLUMNS = ("graft_source", "median_days", "min_days", "max_days")


#: The timeline's default title: its rows come from different groups of patients.
TIMELINE_TITLE = ("When each cell type typically recovers after a transplant\n"
                  "(donor and own-cell transplants combined)")


def draw_recovery_timeline(table: pd.DataFrame, title: str = TIMELINE_TITLE) -> Figure:
    """Draw one horizontal band per cell type, from its recovery start to its end, in days.

    ``table`` needs the columns ``cell_type``, ``immunity`` (a key of
    :data:`IMMUNITY_COLOURS`), ``recovery_start_days`` and ``recovery_end_days``. An
    optional ``end_point`` column (a key of :data:`END_POINTS`) says whether a band ends
    when counts first reach a recovery threshold (drawn hatched) or when they are back to
    normal (plain); the legend then explains both. An optional ``setting`` column (a key
    of :data:`SETTINGS`) says which patients each band's numbers come from; it is written
    after the band's days. Rows are drawn top to bottom in table order, on a log-scaled
    time axis marked in weeks, months and years. Each band carries
    ``gid="band:<cell_type>"`` so that tests can find it.

    Raises:
        ValueError: if a column is missing, the table is empty, an ``immunity``,
            ``end_point`` or ``setting`` value is unknown, or a band ends before it starts
            or starts before day 1.
    """
    require_columns(table, _TIMELINE_COLUMNS, "recovery")
    unknown = sorted(set(table["immunity"]) - set(IMMUNITY_COLOURS))
    if unknown:
        raise ValueError(f"unknown immunity value(s) {unknown}; use {list(IMMUNITY_COLOURS)}")
    end_points = (list(table["end_point"]) if "end_point" in table.columns
                  else ["normal counts"] * len(table))
    unknown = sorted(set(end_points) - set(END_POINTS))
    if unknown:
        raise ValueError(f"unknown end_point value(s) {unknown}; use {list(END_POINTS)}")
    settings = (list(table["setting"]) if "setting" in table.columns
                else [None] * len(table))
    unknown = sorted(set(settings) - set(SETTINGS) - {None})
    if unknown:
        raise ValueError(f"unknown setting value(s) {unknown}; use {list(SETTINGS)}")
    starts = table["recovery_start_days"].astype(float)
    ends = table["recovery_end_days"].astype(float)
    if (starts < 1).any():
        raise ValueError("recovery_start_days must be at least 1 (the time axis is a log scale)")
    if (ends < starts).any():
        bad = list(table.loc[ends < starts, "cell_type"])
        raise ValueError(f"these bands end before they start: {bad}")

    fig, ax = new_figure(title, xlabel="Time after the transplant (log scale)",
                         ylabel="Cell type", size=(9.4, 5.6))
    ax.set_xscale("log")
    rows = list(table.itertuples(index=False))
    for position, (row, end_point, setting) in enumerate(zip(rows, end_points, settings)):
        y = len(rows) - 1 - position
        start, end = float(row.recovery_start_days), float(row.recovery_end_days)
        hatch = THRESHOLD_HATCH if end_point == "recovery threshold" else None
        ax.barh(y, end - start, left=start, height=0.56, color=IMMUNITY_COLOURS[row.immunity],
                edgecolor="#333333", linewidth=0.6, hatch=hatch, gid=f"band:{row.cell_type}")
        label = f"{start:g}–{end:g} days" + (f" · {SETTINGS[setting]}" if setting else "")
        ax.text(end * 1.07, y, label, va="center", ha="left", fontsize=9, color="#333333",
                gid=f"label:{row.cell_type}")
    ax.set_yticks(range(len(rows)), [r.cell_type for r in reversed(rows)])
    ax.set_xticks(list(TIME_TICKS), [f"{label}\n({days} d)" for days, label in
                                     TIME_TICKS.items()], fontsize=9)
    ax.minorticks_off()
    ax.set_xlim(6, 5000)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="x", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    used = [k for k in IMMUNITY_COLOURS if k in set(table["immunity"])]
    handles = [Patch(facecolor=IMMUNITY_COLOURS[k], edgecolor="#333333",
                     label=IMMUNITY_LABELS[k]) for k in used]
    if "recovery threshold" in end_points:  # explain the hatching, and what plain means
        handles += [Patch(facecolor="white", edgecolor="#333333",
                          hatch=THRESHOLD_HATCH if k == "recovery threshold" else None,
                          label=label) for k, label in END_POINTS.items()]
    # Below the axes, so that the key never hides a band.
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2,
              frameon=False, fontsize=8.5)
    return fig


def describe_neutrophil_recovery(table: pd.DataFrame, graft_source: str) -> str:
    """One sentence (the figure's alt text) comparing the chosen graft source to the others."""
    require_columns(table, _GRAFT_COLUMNS, "graft source")
    rows = {str(r.graft_source): r for r in table.itertuples(index=False)}
    if graft_source not in rows:
        raise ValueError(f"unknown graft source {graft_source!r}; choose one of {list(rows)}")

    def summary(row: object) -> str:
        return f"{row.median_days:g} days (range {row.min_days:g}–{row.max_days:g})"

    chosen = rows[graft_source]
    others = [f"{name.lower()} {summary(row)}" for name, row in rows.items()
              if name != graft_source]
    return (f"Range chart of days to neutrophil recovery after a donor transplant in children, "
            f"by graft source, with {graft_source.lower()} highlighted: median "
            f"{summary(chosen)}, compared with {' and '.join(others)}.")


class NeutrophilRecoveryFigure(LiveFigure):
    """Each graft source's range and median of days to neutrophil recovery, one highlighted.

    Built once from ``table``; :meth:`update` highlights one ``graft_source`` (in colour,
    with its numbers written beside it; the others grey) and returns the alt text. Only the
    rows and the graft-source labels are redrawn when the choice changes. Each range line
    carries ``gid="range:<graft_source>"``.

    Raises:
        ValueError: if a column is missing or the table is empty; from :meth:`update`, if
            ``graft_source`` is not one of the table's rows (the message lists the choices).
    """

    def __init__(self, table: pd.DataFrame) -> None:
        require_columns(table, _GRAFT_COLUMNS, "graft source")
        fig, ax = new_figure("Days until neutrophils recover, by graft source",
                             xlabel="Days after the transplant", ylabel="Graft source",
                             size=(8.0, 3.8))
        super().__init__(fig)
        self.table = table
        self.rows = list(table.itertuples(index=False))
        self.parts: dict[str, tuple[Line2D, Line2D, Text]] = {}
        for position, row in enumerate(self.rows):
            y = len(self.rows) - 1 - position
            line, = ax.plot([row.min_days, row.max_days], [y, y], solid_capstyle="butt",
                            gid=f"range:{row.graft_source}", zorder=2)
            median, = ax.plot(row.median_days, y, marker="o", markerfacecolor="white",
                              markeredgewidth=2, linestyle="none", zorder=3)
            text = ax.text(row.max_days + 3, y, "", va="center", ha="left")
            self.parts[str(row.graft_source)] = (self.changing(line), self.changing(median),
                                                 self.changing(text))
        ax.set_yticks(range(len(self.rows)), [r.graft_source for r in reversed(self.rows)])
        self.changing(ax.yaxis)  # the chosen source's label is bold
        ax.set_xlim(0, float(table["max_days"].max()) * 1.3)
        ax.set_ylim(-0.6, len(self.rows) - 0.4)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        key = [Line2D([], [], color="#777777", marker="o", markerfacecolor="white",
                      markeredgewidth=2, linestyle="none",
                      label="median (half the patients sooner)"),
               Line2D([], [], color="#b0b0b0", linewidth=4, label="range (fastest to slowest)")]
        ax.legend(handles=key, loc="upper right", frameon=False, fontsize=8.5)
        self.ax = ax

    def update(self, graft_source: str) -> str:
        """Highlight ``graft_source``; return the figure's alt text."""
        alt = describe_neutrophil_recovery(self.table, graft_source)
        for row in self.rows:
            line, median, text = self.parts[str(row.graft_source)]
            chosen = row.graft_source == graft_source
            line.set(color=PALETTE["vermillion"] if chosen else "#b0b0b0",
                     linewidth=7 if chosen else 4)
            median.set(markersize=11 if chosen else 8,
                       markeredgecolor=PALETTE["black"] if chosen else "#777777")
            text.set(text=(f"median {row.median_days:g} days\n"
                           f"(range {row.min_days:g}–{row.max_days:g})" if chosen
                           else f"{row.median_days:g} ({row.min_days:g}–{row.max_days:g})"),
                     fontsize=9.5 if chosen else 8.5,
                     fontweight="bold" if chosen else "normal",
                     color=PALETTE["black"] if chosen else "#555555")
        for label in self.ax.get_yticklabels():
            label.set_fontweight("bold" if label.get_text() == graft_source else "normal")
        return alt


def draw_neutrophil_recovery(table: pd.DataFrame, graft_source: str) -> tuple[Figure, str]:
    """Figure 2 of lesson 02 for one ``graft_source``, as an ordinary figure, and its alt text.

    The same figure as :class:`NeutrophilRecoveryFigure` (which the lesson's menu updates);
    raises the same ``ValueError`` messages.
    """
    describe_neutrophil_recovery(table, graft_source)  # a bad choice stops before drawing
    live = NeutrophilRecoveryFigure(table)
    alt = live.update(graft_source)
    return live.still(), alt
