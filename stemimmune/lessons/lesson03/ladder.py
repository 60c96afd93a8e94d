"""The evidence ladder: condition–therapy pairs placed on four rungs of evidence, drawn.

In a notebook::

    import pandas as pd
    from stemimmune.lessons.lesson03 import draw_evidence_ladder
    from stemimmune.engine.figures import add_source, show_figure

    ladder = pd.read_csv("../data/evidence_ladder.csv")
    fig = draw_evidence_ladder(ladder)
    add_source(fig, "Course table data/evidence_ladder.csv; sources in each box")
    show_figure(fig, alt="One sentence that says what the ladder shows.")

The table needs the columns ``condition``, ``therapy``, ``rung`` (one of :data:`RUNGS`) and
``citation`` (a short author–year label printed in each box). Rows keep their order
within a rung.
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, new_figure

#: The four rungs, strongest evidence first, each with its fill colour (Okabe–Ito).
RUNGS: dict[str, str] = {
    "standard of care": PALETTE["bluish green"],
    "supported by randomized trials": PALETTE["sky blue"],
    "experimental": PALETTE["orange"],
    "unproven": PALETTE["vermillion"],
}
#: What each rung means, printed beside it. Read from the top down: a pair goes on the
#: first rung whose description fits it.
RUNG_MEANING: dict[str, str] = {
    "standard of care": "guidelines make it routine care, and its advantage is established "
                        "(by trials, or by consistent outcomes where a trial is unethical)",
    "supported by randomized trials": "beat a comparison in randomized trials, but few, "
                                      "small, short, or not against the best current care",
    "experimental": "benefit not yet confirmed by a comparison, and no guideline makes it "
                    "routine (approved medicines included)",
    "unproven": "no good evidence of benefit in people",
}
#: The figure's default title: the ladder holds cell therapies, not only stem cells.
TITLE = "Where each cell therapy stands: the evidence ladder"
REQUIRED: tuple[str, ...] = ("condition", "therapy", "rung", "citation")

_BOX_W, _BOX_H = 2.55, 0.82      # box size, in data units (1 unit is about 1 inch)
_GAP_X, _GAP_Y = 0.2, 0.22       # space between boxes
_LEFT = 2.95                     # width of the rung labels on the left
_WRAP = 30                       # characters per line inside a box


def check_ladder_table(table: pd.DataFrame) -> None:
    """Raise ValueError, naming the problem, if the table cannot be drawn as a ladder."""
    require_columns(table, REQUIRED, "ladder")
    unknown = sorted(set(map(str, table["rung"])) - set(RUNGS))
    if unknown:
        raise ValueError(f"unknown rung name(s) {unknown}; use one of {list(RUNGS)}")
    for column in REQUIRED:
        blank = table[column].isna() | (table[column].astype(str).str.strip() == "")
        if blank.any():
            rows = [int(i) for i in table.index[blank]]
            raise ValueError(f"the column {column!r} is empty in row(s) {rows}")


def box_label(condition: str, therapy: str) -> str:
    """The text in one box: the condition, then the therapy after a dash, wrapped."""
    return textwrap.fill(f"{condition} — {therapy}", _WRAP)


def draw_evidence_ladder(table: pd.DataFrame, columns: int = 4, title: str = TITLE) -> Figure:
    """Draw each row of ``table`` as a box on its rung, strongest evidence at the top.

    Rungs are horizontal bands, labelled on the left with their name and meaning; each
    band holds its rows in up to ``columns`` boxes per line, with the short citation at
    the foot of the box. Each box carries ``gid="box:<row index>"`` and each band
    ``gid="rung:<name>"`` so that tests can find them.

    Raises:
        ValueError: if a column is missing or empty, a rung name is unknown, the table
            is empty or ``columns`` is less than 1.
    """
    check_ladder_table(table)
    if columns < 1:
        raise ValueError("columns must be at least 1")
    lines = {rung: -(-int((table["rung"] == rung).sum()) // columns) or 1 for rung in RUNGS}
    band_heights = {r: n * (_BOX_H + _GAP_Y) + _GAP_Y for r, n in lines.items()}
    width = _LEFT + columns * (_BOX_W + _GAP_X) + _GAP_X
    height = sum(band_heights.values())
    fig, ax = new_figure(title, xlabel="Condition — therapy (one box each, with its source)",
                         ylabel="Strength of evidence (strongest at the top)",
                         size=(width + 0.4, height + 1.3))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[["left", "bottom"]].set_visible(False)

    top = height
    for rung, colour in RUNGS.items():
        band_top, band_h = top, band_heights[rung]
        band = FancyBboxPatch((0, band_top - band_h), width, band_h,
                              boxstyle="square,pad=0", facecolor=colour, alpha=0.18,
                              edgecolor="none", zorder=0, gid=f"rung:{rung}")
        ax.add_patch(band)
        ax.text(0.12, band_top - 0.22, rung.capitalize(), ha="left", va="top",
                fontsize=10.5, fontweight="bold", color="#222222")
        ax.text(0.12, band_top - 0.55, textwrap.fill(RUNG_MEANING[rung], 24), ha="left",
                va="top", fontsize=8.5, color="#333333", linespacing=1.1)
        rows = table[table["rung"] == rung]
        for k, (index, row) in enumerate(rows.iterrows()):
            line, col = divmod(k, columns)
            x = _LEFT + _GAP_X + col * (_BOX_W + _GAP_X)
            y = band_top - _GAP_Y - line * (_BOX_H + _GAP_Y) - _BOX_H
            ax.add_patch(FancyBboxPatch((x, y), _BOX_W, _BOX_H,
                                        boxstyle="round,pad=0,rounding_size=0.08",
                                        facecolor=colour, edgecolor="#333333",
                                        linewidth=0.8, zorder=2, gid=f"box:{index}"))
            ax.text(x + 0.08, y + _BOX_H - 0.08, box_label(row["condition"], row["therapy"]),
                    ha="left", va="top", fontsize=8.2, color="black", zorder=3,
                    linespacing=1.1)
            ax.text(x + _BOX_W - 0.08, y + 0.07, str(row["citation"]), ha="right",
                    va="bottom", fontsize=7.5, style="italic", color="#222222", zorder=3)
        top -= band_h
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    for text in ax.texts:  # all inside the axes: the layout need not measure them
        text.set_in_layout(False)
    return fig
