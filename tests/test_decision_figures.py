"""Lesson 06 figures: the approval timeline and the red-flag counts draw what their tables say."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from stemimmune.adverts import flag_counts, load_adverts, load_red_flags  # noqa: E402
from stemimmune.decision_figures import (  # noqa: E402
    FLAGS_TITLE,
    TIMELINE_TITLE,
    draw_approval_timeline,
    draw_flag_counts,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def approvals() -> pd.DataFrame:
    return pd.read_csv(DATA / "fda_stem_cell_product_approvals.csv")


def test_timeline_has_one_dot_per_product_at_its_year(approvals):
    fig = draw_approval_timeline(approvals)
    try:
        ax = fig.axes[0]
        dots = {c.get_gid()[9:]: c for c in ax.collections
                if (c.get_gid() or "").startswith("approval:")}
        assert set(dots) == set(approvals["product"])
        for row in approvals.itertuples():
            assert dots[row.product].get_offsets()[0][0] == row.year
        assert ax.get_title() == TIMELINE_TITLE
        assert "Year" in ax.get_xlabel()
        assert [t.get_text() for t in ax.get_yticklabels()] == list(approvals["product"])[::-1]
    finally:
        plt.close(fig)


def test_timeline_refuses_a_table_it_cannot_draw(approvals):
    with pytest.raises(ValueError, match="lacks the column"):
        draw_approval_timeline(approvals.drop(columns="year"))
    bad = approvals.astype({"year": object})
    bad.loc[0, "year"] = "soon"
    with pytest.raises(ValueError, match="needs a year"):
        draw_approval_timeline(bad)


def test_flag_chart_has_one_bar_per_flag_and_says_fictional():
    flags = load_red_flags(DATA / "red_flag_categories.csv")
    adverts = load_adverts(DATA / "fictional_clinic_adverts.csv", flags)
    counts = flag_counts(adverts, flags)
    honest = sum(a.honest for a in adverts)
    fig = draw_flag_counts(counts, total=len(adverts), honest=honest)
    try:
        ax = fig.axes[0]
        widths = [p.get_width() for p in ax.patches]
        assert widths == (list(counts["adverts"]) + [honest])[::-1]
        assert "fictional" in ax.get_title().lower() and ax.get_title() == FLAGS_TITLE
        assert ax.get_xlim()[1] == len(adverts)
    finally:
        plt.close(fig)


def test_flag_chart_refuses_impossible_counts():
    counts = pd.DataFrame({"name": ["A"], "adverts": [5]})
    with pytest.raises(ValueError, match="no count can be above"):
        draw_flag_counts(counts, total=3)
    with pytest.raises(ValueError, match="lacks the column"):
        draw_flag_counts(counts.rename(columns={"adverts": "n"}), total=9)
