"""Lesson 05 risk timeline: draws what its table says and refuses tables it cannot draw."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from stemimmune.lessons.lesson05.figures import (  # noqa: E402
    CATEGORY_COLOURS,
    PHASES,
    TIMELINE_TITLE,
    draw_risk_timeline,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def risks() -> pd.DataFrame:
    return pd.read_csv(DATA / "transplant_risk_phases.csv")


def _bands(fig) -> dict[str, object]:
    return {p.get_gid()[5:]: p for p in fig.axes[0].patches
            if (p.get_gid() or "").startswith("band:")}


def test_one_band_per_risk_across_its_phases(risks):
    fig = draw_risk_timeline(risks)
    try:
        ax = fig.axes[0]
        bands = _bands(fig)
        assert set(bands) == set(risks["risk"])
        order = list(PHASES)
        for row in risks.itertuples():
            band = bands[row.risk]
            assert order.index(row.first_phase) < band.get_x() + band.get_width() / 2
            assert band.get_x() > order.index(row.first_phase)
            assert band.get_x() + band.get_width() < order.index(row.last_phase) + 1
            assert to_hex(band.get_facecolor()) == to_hex(CATEGORY_COLOURS[row.category])
        assert ax.get_title() == TIMELINE_TITLE
        assert "approximate" in ax.get_xlabel()
        assert [t.get_text() for t in ax.get_xticklabels()] == list(PHASES.values())
        top_label = ax.get_yticklabels()[-1].get_text().replace("\n", " ")
        assert top_label == risks["risk"].iloc[0]  # first row at the top
    finally:
        plt.close(fig)


def test_a_risk_spanning_two_phases_is_wider():
    table = pd.DataFrame({"risk": ["Two phases", "One phase"],
                          "category": ["infection", "infection"],
                          "first_phase": ["pre-engraftment", "late"],
                          "last_phase": ["early post-engraftment", "late"]})
    fig = draw_risk_timeline(table)
    try:
        widths = {name: band.get_width() for name, band in _bands(fig).items()}
        assert widths["Two phases"] > 1.5 * widths["One phase"]
    finally:
        plt.close(fig)


def test_the_data_file_uses_only_known_phases_and_cites_each_row(risks):
    assert set(risks["first_phase"]) | set(risks["last_phase"]) <= set(PHASES)
    assert set(risks["category"]) <= set(CATEGORY_COLOURS)
    assert risks["source"].str.strip().astype(bool).all()


@pytest.mark.parametrize("change, message", [
    (lambda t: t.drop(columns="category"), "lacks the column"),
    (lambda t: t.iloc[0:0], "no rows"),
    (lambda t: t.assign(first_phase="day 1000"), "unknown phase"),
    (lambda t: t.assign(category="bad luck"), "unknown category"),
    (lambda t: t.assign(first_phase="late", last_phase="infusion"), "end in a phase before"),
])
def test_refuses_tables_it_cannot_draw(risks, change, message):
    with pytest.raises(ValueError, match=message):
        draw_risk_timeline(change(risks))
    assert not plt.get_fignums()
