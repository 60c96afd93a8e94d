"""Diagrams drawn from the course's data tables, in the course style.

In a notebook::

    import pandas as pd
    from stemimmune.lessons.lesson01 import draw_lineage_tree
    from stemimmune.engine.figures import add_source, show_figure

    lineages = pd.read_csv("../data/blood_cell_lineages.csv")
    fig = draw_lineage_tree(lineages)
    add_source(fig, "Simplified from Orkin & Zon, Cell 2008")
    show_figure(fig, alt="One sentence that says what the diagram shows.")

The table needs the columns ``cell``, ``parent`` (empty for the one cell at the root) and
``branch`` (``stem``, ``myeloid`` or ``lymphoid``); ``what_it_does``, if present, is written
beside the cells at the tips of the tree.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, new_figure

#: Fill colour and text colour for each branch of the tree (Okabe–Ito colours).
BRANCH_STYLE: dict[str, tuple[str, str]] = {
    "stem": (PALETTE["reddish purple"], "black"),
    "myeloid": (PALETTE["orange"], "black"),
    "lymphoid": (PALETTE["blue"], "white"),
}
#: The legend's words for each branch.
BRANCH_LABELS: dict[str, str] = {
    "stem": "Stem cell and early progenitors",
    "myeloid": "Myeloid branch",
    "lymphoid": "Lymphoid branch",
}

_COLUMN_GAP = 3.0      # distance between generations, in data units
_ROW_GAP = 1.0         # distance between neighbouring cells at the tips
_BOX_W, _BOX_H = 2.4, 0.78
_LABEL_WIDTH = 18      # characters per line inside a box
_NOTE_WIDTH = 38       # characters per line of the description beside a tip
_REQUIRED = ("cell", "parent", "branch")


@dataclass(frozen=True)
class _Node:
    """One cell of the tree with its place on the drawing."""

    cell: str
    parent: str | None
    branch: str
    note: str
    depth: int
    y: float


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or \
        (isinstance(value, str) and not value.strip())


def _check_table(table: pd.DataFrame) -> None:
    """Raise ValueError, naming the problem, if the table cannot be drawn as one tree."""
    require_columns(table, _REQUIRED, "lineage")
    cells = [str(c) for c in table["cell"]]
    repeated = sorted({c for c in cells if cells.count(c) > 1})
    if repeated:
        raise ValueError(f"each cell must appear once, but these repeat: {repeated}")
    for cell, parent in zip(cells, table["parent"], strict=True):
        if not _is_blank(parent) and str(parent) not in cells:
            raise ValueError(f"the parent {parent!r} of {cell!r} is not a cell in the table: "
                             "add a row for it or correct the spelling")
    roots = [c for c, p in zip(cells, table["parent"], strict=True) if _is_blank(p)]
    if len(roots) != 1:
        raise ValueError(f"the tree needs exactly one cell with no parent (its root), "
                         f"but it has {len(roots)}: {roots}")
    unknown = sorted(set(table["branch"]) - set(BRANCH_STYLE))
    if unknown:
        raise ValueError(f"unknown branch name(s) {unknown}; use {list(BRANCH_STYLE)}")


def layout_tree(table: pd.DataFrame) -> list[_Node]:
    """Place each cell: generation from the root sets x, the tips are spread evenly in y.

    Tips keep the order of the table's rows; a parent sits level with the middle of its
    children. Raises ValueError if the table is not a single tree (see :func:`draw_lineage_tree`).
    """
    _check_table(table)
    rows = {str(r.cell): r for r in table.itertuples(index=False)}
    children: dict[str, list[str]] = {cell: [] for cell in rows}
    root = ""
    for cell, row in rows.items():
        if _is_blank(row.parent):
            root = cell
        else:
            children[str(row.parent)].append(cell)

    nodes: dict[str, _Node] = {}
    next_tip = 0

    def place(cell: str, depth: int, ancestors: frozenset[str]) -> float:
        nonlocal next_tip
        if cell in ancestors:
            raise ValueError(f"the table has a loop: {cell!r} is its own ancestor")
        kids = children[cell]
        if kids:
            ys = [place(k, depth + 1, ancestors | {cell}) for k in kids]
            y = (min(ys) + max(ys)) / 2
        else:
            y = -next_tip * _ROW_GAP
            next_tip += 1
        row = rows[cell]
        note = getattr(row, "what_it_does", "")
        nodes[cell] = _Node(cell, None if _is_blank(row.parent) else str(row.parent),
                            str(row.branch), "" if _is_blank(note) else str(note), depth, y)
        return y

    place(root, 0, frozenset())
    if len(nodes) != len(rows):
        stray = sorted(set(rows) - set(nodes))
        raise ValueError(f"these cells are not connected to the root {root!r}: {stray}")
    return [nodes[str(c)] for c in table["cell"]]


def draw_lineage_tree(table: pd.DataFrame,
                      title: str = "The blood-cell family tree (simplified)") -> Figure:
    """Draw a cell-lineage table as boxes joined by arrows, from the root to the tips.

    One rounded box per row of ``table``, coloured by ``branch``; an arrow from each
    parent to each child; the ``what_it_does`` text, if the table has it, beside each tip;
    a legend naming the branches. Each box carries ``gid="box:<cell>"`` so that tests
    can find it.

    Raises:
        ValueError: if a column is missing, a cell repeats, a parent is not in the table,
            the tree has no single root, a branch name is unknown, or a cell is unreachable.
    """
    nodes = layout_tree(table)
    by_name = {n.cell: n for n in nodes}
    depth = max(n.depth for n in nodes)
    lowest = min(n.y for n in nodes)
    notes = any(n.note for n in nodes if not any(m.parent == n.cell for m in nodes))

    width = 11.0 if notes else 8.0
    height = max(3.5, 0.62 * (abs(lowest) / _ROW_GAP + 1) + 1.2)
    fig, ax = new_figure(title, xlabel="From stem cell (left) to mature cell (right)",
                         ylabel="Cell types", size=(width, height))
    ax.set_axis_off()

    def x_of(node: _Node) -> float:
        return node.depth * _COLUMN_GAP

    for node in nodes:                       # arrows first, so boxes sit on top
        if node.parent is None:
            continue
        parent = by_name[node.parent]
        ax.annotate("", xy=(x_of(node) - _BOX_W / 2, node.y),
                    xytext=(x_of(parent) + _BOX_W / 2, parent.y),
                    arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 1.1,
                                "shrinkA": 1, "shrinkB": 1, "mutation_scale": 11},
                    zorder=1)

    for node in nodes:
        fill, ink = BRANCH_STYLE[node.branch]
        x = x_of(node)
        box = FancyBboxPatch((x - _BOX_W / 2, node.y - _BOX_H / 2), _BOX_W, _BOX_H,
                             boxstyle="round,pad=0,rounding_size=0.12", facecolor=fill,
                             edgecolor="#333333", linewidth=0.8, zorder=2,
                             gid=f"box:{node.cell}")
        ax.add_patch(box)
        ax.text(x, node.y, textwrap.fill(node.cell, _LABEL_WIDTH), ha="center",
                va="center", fontsize=9.5, color=ink, zorder=3, linespacing=1.15)
        is_tip = not any(m.parent == node.cell for m in nodes)
        if is_tip and node.note:
            ax.text(x + _BOX_W / 2 + 0.2, node.y, textwrap.fill(node.note, _NOTE_WIDTH),
                    ha="left", va="center", fontsize=8.5, color="#333333", zorder=3,
                    linespacing=1.1)

    right = depth * _COLUMN_GAP + _BOX_W / 2 + (4.4 if notes else 0.3)
    ax.set_xlim(-_BOX_W / 2 - 0.2, right)
    ax.set_ylim(lowest - _BOX_H / 2 - 0.25, _BOX_H / 2 + 0.25)

    used = [b for b in BRANCH_STYLE if b in {n.branch for n in nodes}]
    handles = [Patch(facecolor=BRANCH_STYLE[b][0], edgecolor="#333333",
                     label=BRANCH_LABELS[b]) for b in used]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=9)
    return fig
