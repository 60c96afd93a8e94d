"""Tests for stemimmune.lessons.lesson03.ladder: one box per row, on its rung; plain errors."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from stemimmune.engine.authoring import load_bibliography  # noqa: E402
from stemimmune.lessons.lesson03 import RUNGS, box_label, draw_evidence_ladder  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "evidence_ladder.csv"


@pytest.fixture
def ladder() -> pd.DataFrame:
    return pd.read_csv(DATA)


def _patches(fig: Figure, prefix: str) -> dict[str, object]:
    return {p.get_gid()[len(prefix):]: p for p in fig.axes[0].patches
            if (p.get_gid() or "").startswith(prefix)}


def test_the_data_places_at_least_12_pairs_each_with_a_known_source(ladder):
    assert len(ladder) >= 12
    assert set(ladder["rung"]) == set(RUNGS)
    bib = load_bibliography(ROOT / "references.bib")
    for keys in ladder["sources"]:
        for key in keys.split(";"):
            assert key.strip() in bib.entries, key
    # allogeneic and autologous transplants for blood cancers are separate rows
    blood = ladder[ladder["condition"].str.startswith("Blood cancers")]
    assert {"Allogeneic", "Autologous"} <= {t.split()[0] for t in blood["therapy"]}


def test_one_box_per_row_coloured_by_rung(ladder):
    fig = draw_evidence_ladder(ladder)
    try:
        boxes = _patches(fig, "box:")
        assert sorted(boxes) == sorted(str(i) for i in ladder.index)
        for index, row in ladder.iterrows():
            colour = matplotlib.colors.to_hex(boxes[str(index)].get_facecolor())
            assert colour == RUNGS[row["rung"]].lower()
        assert set(_patches(fig, "rung:")) == set(RUNGS)
    finally:
        plt.close(fig)


def test_boxes_sit_inside_their_rung_and_do_not_overlap(ladder):
    fig = draw_evidence_ladder(ladder)
    try:
        boxes, bands = _patches(fig, "box:"), _patches(fig, "rung:")
        for index, row in ladder.iterrows():
            box, band = boxes[str(index)], bands[row["rung"]]
            assert band.get_y() < box.get_y()
            assert box.get_y() + box.get_height() < band.get_y() + band.get_height()
        extents = [b.get_extents() for b in boxes.values()]
        for i, a in enumerate(extents):
            for b in extents[i + 1:]:
                assert not a.overlaps(b)
    finally:
        plt.close(fig)


def test_stronger_rungs_are_drawn_higher(ladder):
    fig = draw_evidence_ladder(ladder)
    try:
        bands = _patches(fig, "rung:")
        heights = [bands[r].get_y() for r in RUNGS]
        assert heights == sorted(heights, reverse=True)
    finally:
        plt.close(fig)


def test_labels_wrap_and_keep_both_parts():
    label = box_label("Systemic lupus erythematosus", "Autologous HCT")
    assert "Systemic lupus" in label and "Autologous HCT" in label and "\n" in label


@pytest.mark.parametrize("change, message", [
    (lambda t: t.drop(columns="rung"), "lacks the column"),
    (lambda t: t.iloc[0:0], "no rows"),
    (lambda t: t.assign(rung="promising"), "unknown rung"),
    (lambda t: t.assign(citation=""), "empty in row"),
])
def test_bad_tables_are_refused_with_a_reason(ladder, change, message):
    with pytest.raises(ValueError, match=message):
        draw_evidence_ladder(change(ladder))


def test_columns_must_be_positive(ladder):
    with pytest.raises(ValueError, match="at least 1"):
        draw_evidence_ladder(ladder, columns=0)


def test_the_title_covers_every_box_and_the_car_t_box_says_it_is_not_stem_cells(ladder):
    fig = draw_evidence_ladder(ladder)
    try:
        assert "cell therapy" in fig.axes[0].get_title()
    finally:
        plt.close(fig)
    car_t = ladder[ladder["therapy"].str.contains("CAR-T")]
    assert len(car_t) == 1 and "not stem cells" in car_t["therapy"].iloc[0]


def test_correction_rows_use_own_cells_and_are_not_above_their_evidence(ladder):
    # gene therapy of the patient's own blood stem cells ("Correction") rests on single-arm
    # trials: approved or not, it stays "experimental" unless a guideline makes it routine
    # care. The one exception so far is ADA-SCID, where a 2019 consensus makes it a
    # first-line option and the outcomes have been consistent.
    correction = ladder[ladder["therapy"].str.startswith("Correction")]
    assert len(correction) >= 5
    assert (correction["therapy"].str.contains("own cells")).all()
    top = correction[correction["rung"] == "standard of care"]
    assert list(top["condition"].str[:8]) == ["ADA-SCID"]
    assert "kohn2019ada" in top["sources"].iloc[0]
    assert set(correction.drop(top.index)["rung"]) == {"experimental"}


def test_the_multiple_sclerosis_row_says_why_it_is_not_standard_of_care(ladder):
    ms = ladder[ladder["condition"].str.startswith("Multiple sclerosis")]
    assert len(ms) == 1 and ms["rung"].iloc[0] == "supported by randomized trials"
    note = ms["note"].iloc[0]
    assert all(trial in note for trial in ("BEAT-MS", "StarMS", "RAM-MS"))
