"""Lesson 06 figures: the approval timeline and the red-flag counts draw what their tables say."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from stemimmune.lessons.lesson06 import flag_counts, load_adverts, load_red_flags  # noqa: E402
from stemimmune.lessons.lesson06.figures import (  # noqa: E402
    APPROVAL_STYLE,
    FLAGS_TITLE,
    REGIONS,
    TIMELINE_TITLE,
    decimal_year,
    draw_approval_timeline,
    draw_flag_counts,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def approvals() -> pd.DataFrame:
    return pd.read_csv(DATA / "stem_cell_product_approvals.csv", dtype=str, keep_default_na=False)


def markers(fig, prefix):
    return {c.get_gid()[len(prefix):]: c for c in fig.axes[0].collections
            if (c.get_gid() or "").startswith(prefix)}


def test_decimal_year_reads_a_day_a_month_or_a_year():
    assert decimal_year("2026") == 2026.5
    assert 2023.29 < decimal_year("2023-04-17") < 2023.30
    assert 2025.9 < decimal_year("2025-12") < 2026
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        decimal_year("December 2025")


def test_timeline_has_one_marker_per_decision_at_its_date(approvals):
    fig = draw_approval_timeline(approvals)
    try:
        dots = markers(fig, "approval:")
        assert len(dots) == len(approvals)
        for row in approvals.itertuples():
            dot = dots[f"{row.region}:{row.product}:{row.approved_on}"]
            assert dot.get_offsets()[0][0] == pytest.approx(decimal_year(row.approved_on))
        ax = fig.axes[0]
        assert ax.get_title() == TIMELINE_TITLE and "December 2026" in TIMELINE_TITLE
        assert "year" in ax.get_xlabel()
        assert [t.get_text().split()[0] for t in ax.get_yticklabels()] == list(REGIONS)
    finally:
        plt.close(fig)


def test_each_kind_of_approval_has_its_own_shape_and_withdrawals_are_marked(approvals):
    assert len({shape for shape, _ in APPROVAL_STYLE.values()}) == len(APPROVAL_STYLE)
    assert set(approvals["approval_type"]) == set(APPROVAL_STYLE)
    fig = draw_approval_timeline(approvals)
    try:
        withdrawn = approvals[approvals["status"] == "withdrawn"]
        crosses = markers(fig, "withdrawn:")
        assert set(crosses) == {f"{r.region}:{r.product}" for r in withdrawn.itertuples()}
        assert "EU:Alofisel" in crosses
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert any("withdrawn" in text for text in legend)
        assert all(any(kind in text for text in legend) for kind in APPROVAL_STYLE)
    finally:
        plt.close(fig)


def test_timeline_refuses_a_table_it_cannot_draw(approvals):
    with pytest.raises(ValueError, match="lacks the column"):
        draw_approval_timeline(approvals.drop(columns="approved_on"))
    bad = approvals.copy()
    bad.loc[0, "approved_on"] = "soon"
    with pytest.raises(ValueError, match="cannot read the date"):
        draw_approval_timeline(bad)
    bad = approvals.copy()
    bad.loc[0, "approval_type"] = "provisional"
    with pytest.raises(ValueError, match="unknown region or approval type: provisional"):
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
