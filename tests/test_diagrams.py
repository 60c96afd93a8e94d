"""Tests for stemimmune.lessons.lesson01.lineage: one box per cell, and bad tables refused."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from stemimmune.lessons.lesson01 import BRANCH_STYLE, draw_lineage_tree, layout_tree  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data" / "blood_cell_lineages.csv"


@pytest.fixture
def lineages() -> pd.DataFrame:
    return pd.read_csv(DATA)


def _boxes(fig: Figure) -> dict[str, object]:
    ax = fig.axes[0]
    return {p.get_gid()[4:]: p for p in ax.patches if (p.get_gid() or "").startswith("box:")}


def test_returns_a_figure_with_one_box_per_row(lineages: pd.DataFrame) -> None:
    fig = draw_lineage_tree(lineages)
    try:
        assert isinstance(fig, Figure)
        boxes = _boxes(fig)
        assert len(boxes) == len(lineages)
        assert set(boxes) == set(lineages["cell"])
    finally:
        plt.close(fig)


def test_branches_have_their_own_colours(lineages: pd.DataFrame) -> None:
    fig = draw_lineage_tree(lineages)
    try:
        boxes = _boxes(fig)
        myeloid = boxes["Neutrophil"].get_facecolor()
        lymphoid = boxes["B cell"].get_facecolor()
        assert myeloid != lymphoid
        assert matplotlib.colors.to_hex(myeloid) == BRANCH_STYLE["myeloid"][0].lower()
        assert matplotlib.colors.to_hex(lymphoid) == BRANCH_STYLE["lymphoid"][0].lower()
    finally:
        plt.close(fig)


def test_boxes_do_not_overlap(lineages: pd.DataFrame) -> None:
    fig = draw_lineage_tree(lineages)
    try:
        extents = [p.get_extents() for p in _boxes(fig).values()]
        for i, a in enumerate(extents):
            for b in extents[i + 1:]:
                assert not a.overlaps(b)
    finally:
        plt.close(fig)


def test_every_cell_label_is_drawn(lineages: pd.DataFrame) -> None:
    fig = draw_lineage_tree(lineages)
    try:
        drawn = " ".join(t.get_text().replace("\n", " ") for t in fig.axes[0].texts)
        for cell in lineages["cell"]:
            assert cell in drawn
    finally:
        plt.close(fig)


def test_layout_puts_children_one_generation_right_of_parents(lineages: pd.DataFrame) -> None:
    nodes = {n.cell: n for n in layout_tree(lineages)}
    assert nodes["Haematopoietic stem cell"].depth == 0
    for node in nodes.values():
        if node.parent is not None:
            assert node.depth == nodes[node.parent].depth + 1


def test_missing_parent_raises_a_clear_error(lineages: pd.DataFrame) -> None:
    broken = lineages.copy()
    broken.loc[broken["cell"] == "B cell", "parent"] = "Common lymphoid progenitr"
    with pytest.raises(ValueError, match="Common lymphoid progenitr.*not a cell in the table"):
        draw_lineage_tree(broken)


def test_two_roots_raise(lineages: pd.DataFrame) -> None:
    broken = lineages.copy()
    broken.loc[broken["cell"] == "NK cell", "parent"] = None
    with pytest.raises(ValueError, match="exactly one cell with no parent"):
        draw_lineage_tree(broken)


def test_missing_column_raises(lineages: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="lacks the column"):
        draw_lineage_tree(lineages.drop(columns=["branch"]))


def test_unknown_branch_raises(lineages: pd.DataFrame) -> None:
    broken = lineages.copy()
    broken.loc[0, "branch"] = "erythroid"
    with pytest.raises(ValueError, match="unknown branch"):
        draw_lineage_tree(broken)


def test_loop_raises() -> None:
    table = pd.DataFrame({"cell": ["A", "B", "C"], "parent": [None, "C", "B"],
                          "branch": ["stem", "myeloid", "myeloid"]})
    with pytest.raises(ValueError, match="loop|not connected"):
        draw_lineage_tree(table)


def test_works_without_descriptions() -> None:
    table = pd.DataFrame({"cell": ["Stem", "Left", "Right"], "parent": [None, "Stem", "Stem"],
                          "branch": ["stem", "myeloid", "lymphoid"]})
    fig = draw_lineage_tree(table)
    try:
        assert len(_boxes(fig)) == 3
    finally:
        plt.close(fig)
