"""Lesson 02 figures: the recovery timeline and the graft-source chart draw what their tables
say, refuse tables they cannot draw, and the graft chart's alt text follows the choice."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from stemimmune.engine.figures import PALETTE  # noqa: E402
from stemimmune.lessons.lesson02.figures import (  # noqa: E402
    IMMUNITY_COLOURS,
    SETTINGS,
    THRESHOLD_HATCH,
    TIMELINE_TITLE,
    describe_neutrophil_recovery,
    draw_neutrophil_recovery,
    draw_recovery_timeline,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def recovery() -> pd.DataFrame:
    return pd.read_csv(DATA / "immune_recovery_after_transplant.csv")


@pytest.fixture
def grafts() -> pd.DataFrame:
    return pd.read_csv(DATA / "neutrophil_recovery_by_graft_source.csv")


def _bands(fig: Figure) -> dict[str, object]:
    return {p.get_gid()[5:]: p for p in fig.axes[0].patches
            if (p.get_gid() or "").startswith("band:")}


def test_timeline_draws_one_band_per_row_from_start_to_end(recovery):
    fig = draw_recovery_timeline(recovery)
    try:
        ax = fig.axes[0]
        bands = _bands(fig)
        assert set(bands) == set(recovery["cell_type"])
        for row in recovery.itertuples():
            band = bands[row.cell_type]
            assert band.get_x() == pytest.approx(row.recovery_start_days)
            assert band.get_x() + band.get_width() == pytest.approx(row.recovery_end_days)
            assert to_hex(band.get_facecolor()) == to_hex(IMMUNITY_COLOURS[row.immunity])
        assert ax.get_xscale() == "log"
        assert ax.get_title() and "log scale" in ax.get_xlabel()
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels[-1] == recovery["cell_type"].iloc[0]  # first row at the top
    finally:
        plt.close(fig)


def test_timeline_hatches_bands_that_end_at_a_recovery_threshold(recovery):
    fig = draw_recovery_timeline(recovery)
    try:
        bands = _bands(fig)
        for row in recovery.itertuples():
            hatched = bands[row.cell_type].get_hatch() == THRESHOLD_HATCH
            assert hatched is (row.end_point == "recovery threshold"), row.cell_type
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert "Adaptive immune cells (B and T cells)" in legend
        assert any(text.startswith("Hatched") for text in legend)
    finally:
        plt.close(fig)


def test_timeline_without_end_points_draws_plain_bands(recovery):
    fig = draw_recovery_timeline(recovery.drop(columns="end_point"))
    try:
        assert all(band.get_hatch() is None for band in _bands(fig).values())
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        assert not any(text.startswith("Hatched") for text in legend)
    finally:
        plt.close(fig)


def test_recovery_table_marks_neutrophils_and_platelets_as_thresholds(recovery):
    """Neutrophil and platelet bands end at the recovery thresholds, not at normal counts."""
    ends = recovery.set_index("cell_type")["end_point"]
    assert ends["Neutrophils"] == ends["Platelets"] == "recovery threshold"
    assert (ends.drop(["Neutrophils", "Platelets"]) == "normal counts").all()
    nk = recovery.set_index("cell_type").loc["NK cells"]
    neutrophils = recovery.set_index("cell_type").loc["Neutrophils"]
    assert neutrophils.recovery_start_days < nk.recovery_start_days <= 30  # NK after neutrophils


def test_timeline_says_which_patients_each_band_comes_from(recovery):
    """The table mixes donor and own-cell transplants: the title and every band say so."""
    fig = draw_recovery_timeline(recovery)
    try:
        ax = fig.axes[0]
        labels = {t.get_gid()[6:]: t.get_text() for t in ax.texts
                  if (t.get_gid() or "").startswith("label:")}
        for row in recovery.itertuples():
            assert labels[row.cell_type].endswith(SETTINGS[row.setting]), row.cell_type
        assert "donor and own-cell" in ax.get_title() == TIMELINE_TITLE
        assert set(recovery["setting"]) >= {"donor", "own-cell"}
    finally:
        plt.close(fig)
    fig = draw_recovery_timeline(recovery.drop(columns="setting"))
    try:
        assert all(" · " not in t.get_text() for t in fig.axes[0].texts)
    finally:
        plt.close(fig)


def test_recovery_table_has_a_row_for_every_cell_type_the_lesson_names(recovery):
    """Lesson 02, section 4, names these cells; monocytes are the first innate cells back."""
    assert set(recovery["cell_type"]) == {"Monocytes", "Neutrophils", "Platelets", "NK cells",
                                          "CD8 T cells", "B cells", "CD4 T cells"}
    starts = recovery.set_index("cell_type")["recovery_start_days"]
    assert starts["Monocytes"] == starts.min()


@pytest.mark.parametrize("change, message", [
    (lambda t: t.drop(columns="immunity"), "lacks the column"),
    (lambda t: t.assign(setting="somewhere"), "unknown setting"),
    (lambda t: t.assign(end_point="cured"), "unknown end_point"),
    (lambda t: t.iloc[0:0], "no rows"),
    (lambda t: t.assign(immunity="magic"), "unknown immunity"),
    (lambda t: t.assign(recovery_start_days=0), "at least 1"),
    (lambda t: t.assign(recovery_end_days=5), "end before they start"),
])
def test_timeline_refuses_bad_tables(recovery, change, message):
    with pytest.raises(ValueError, match=message):
        draw_recovery_timeline(change(recovery))


@pytest.mark.parametrize("source", ["Peripheral blood", "Bone marrow", "Cord blood"])
def test_graft_chart_highlights_the_choice_and_describes_it(grafts, source):
    fig, alt = draw_neutrophil_recovery(grafts, source)
    try:
        lines = {ln.get_gid()[6:]: ln for ln in fig.axes[0].lines
                 if (ln.get_gid() or "").startswith("range:")}
        assert set(lines) == set(grafts["graft_source"])
        assert to_hex(lines[source].get_color()) == to_hex(PALETTE["vermillion"])
        assert all(to_hex(ln.get_color()) != to_hex(PALETTE["vermillion"])
                   for name, ln in lines.items() if name != source)
        row = grafts.set_index("graft_source").loc[source]
        assert list(lines[source].get_xdata()) == [row.min_days, row.max_days]
        assert f"{source.lower()} highlighted: median {row.median_days} days" in alt
        assert alt == describe_neutrophil_recovery(grafts, source)
        assert alt.count(".") == 1 and alt.endswith(".")  # one sentence
        assert fig.axes[0].get_xlabel() == "Days after the transplant"
    finally:
        plt.close(fig)


def test_graft_chart_explains_an_unknown_choice(grafts):
    with pytest.raises(ValueError, match="unknown graft source 'Liver'.*Cord blood"):
        draw_neutrophil_recovery(grafts, "Liver")
    with pytest.raises(ValueError, match="lacks the column"):
        draw_neutrophil_recovery(grafts.drop(columns="median_days"), "Cord blood")


def test_graft_chart_leaves_no_figures_open_when_it_refuses(grafts):
    before = len(plt.get_fignums())
    with pytest.raises(ValueError):
        draw_neutrophil_recovery(grafts, "Liver")
    assert len(plt.get_fignums()) == before
