"""Tests for stemimmune.lessons.lesson03.figures: the right bars and lines, and plain errors."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from stemimmune.lessons.lesson03.figures import (  # noqa: E402
    ARM_COLOURS,
    draw_edss_change,
    draw_transplant_activity,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def activity() -> pd.DataFrame:
    return pd.read_csv(DATA / "ebmt_transplant_activity.csv")


@pytest.fixture
def mist() -> pd.DataFrame:
    return pd.read_csv(DATA / "mist_trial_outcomes.csv")


def _gids(fig, prefix):
    artists = list(fig.axes[0].patches) + list(fig.axes[0].lines)
    return {a.get_gid()[len(prefix):]: a for a in artists
            if (a.get_gid() or "").startswith(prefix)}


def test_years_with_a_split_stack_two_bars_and_the_others_show_the_total(activity):
    fig = draw_transplant_activity(activity)
    try:
        split, total = _gids(fig, "split:"), _gids(fig, "total:")
        has_split = activity["allogeneic_hct"].notna()
        assert set(split) == set(activity.loc[has_split, "year"].astype(str))
        assert set(total) == set(activity.loc[~has_split, "year"].astype(str))
        for row in activity[~has_split].itertuples():
            assert total[str(row.year)].get_height() == row.total_hct
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert all(f"{n:,}" in texts for n in activity["total_hct"])
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert len(legend) == len(set(legend)) == 3
    finally:
        plt.close(fig)


def test_the_split_bars_add_up_to_the_total(activity):
    split = activity.dropna(subset=["allogeneic_hct"])
    assert (split["allogeneic_hct"] + split["autologous_hct"] == split["total_hct"]).all()


def test_one_line_per_arm_from_start_to_year_one(mist):
    fig = draw_edss_change(mist)
    try:
        lines = _gids(fig, "arm:")
        assert set(lines) == set(ARM_COLOURS)
        for row in mist.itertuples():
            assert list(lines[row.arm].get_ydata()) == [row.edss_baseline, row.edss_year1]
        labels = {t.get_text() for t in fig.axes[0].texts}
        assert {f"{v:.2f}" for v in mist[["edss_baseline", "edss_year1"]].to_numpy().ravel()
                } <= labels
    finally:
        plt.close(fig)


@pytest.mark.parametrize("draw, table, message", [
    (draw_transplant_activity, "activity", "lacks the column"),
    (draw_edss_change, "mist", "lacks the column"),
])
def test_missing_columns_are_named(draw, table, message, request):
    data = request.getfixturevalue(table).iloc[:, :1]
    with pytest.raises(ValueError, match=message):
        draw(data)


def test_unknown_arm_is_refused(mist):
    with pytest.raises(ValueError, match="unknown arm"):
        draw_edss_change(mist.assign(arm=["HSCT", "placebo"]))


def test_empty_tables_are_refused(activity):
    with pytest.raises(ValueError, match="no rows"):
        draw_transplant_activity(activity.iloc[0:0])
