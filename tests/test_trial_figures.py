"""Lesson 04 figures: the simulator histogram counts every trial once and describes itself in
one sentence; the power, publication-bias and two-design charts draw what they are given."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from stemimmune.engine.figures import PALETTE  # noqa: E402
from stemimmune.engine.figures import explorer as interactive  # noqa: E402
from stemimmune.lessons.lesson04 import publication_bias_table, simulate_trials  # noqa: E402
from stemimmune.lessons.lesson04.figures import (  # noqa: E402
    TRIAL_COLOURS,
    TrialSimulationFigure,
    describe_trial_simulation,
    draw_power_curves,
    draw_publication_bias,
    draw_trial_simulation,
    draw_two_study_designs,
    power_table,
)

DATA = Path(__file__).resolve().parent.parent / "data"



@pytest.fixture(autouse=True)
def _close_figures():
    """Live figures stay open while an explorer holds them; close what a test left."""
    yield
    plt.close("all")

def _bar_counts(fig) -> dict[str, float]:
    totals: dict[str, float] = {}
    for patch in fig.axes[0].patches:
        gid = patch.get_gid() or ""
        if gid.startswith("bars:") and patch.get_visible():
            values, _edges, baseline = patch.get_data()
            totals[gid[5:]] = totals.get(gid[5:], 0) + float((values - baseline).sum())
    return totals


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_histogram_counts_every_trial_once_by_outcome():
    fig, alt = draw_trial_simulation(n_per_arm=20, true_effect=0.5, n_trials=1000, seed=3)
    results = simulate_trials(20, 0.5, 1000, 3)
    counts = _bar_counts(fig)
    assert sum(counts.values()) == 1000
    assert counts["significant in favour"] == results.published.sum()
    assert counts["not significant"] == (~results.significant).sum()
    for kind in counts:
        bar = next(p for p in fig.axes[0].patches if p.get_gid() == f"bars:{kind}")
        assert to_hex(bar.get_facecolor()) == to_hex(TRIAL_COLOURS[kind])
    true_line = next(ln for ln in fig.axes[0].lines if ln.get_gid() == "true-effect")
    assert list(true_line.get_xdata()) == [0.5, 0.5]
    assert alt == describe_trial_simulation(results)


def test_histogram_labels_units_and_says_simulated():
    fig, _ = draw_trial_simulation()
    ax = fig.axes[0]
    assert "standard deviations" in ax.get_xlabel()
    assert ax.get_ylabel() == "Number of simulated trials"
    assert ax.get_title()
    assert "Simulated trials, not patient data" in fig._supxlabel.get_text()


def test_trials_outside_the_axis_are_still_counted():
    fig, _ = draw_trial_simulation(n_per_arm=2, true_effect=1.5, n_trials=2000, seed=1)
    assert sum(_bar_counts(fig).values()) == 2000


def test_only_significant_shows_the_published_trials_and_their_average():
    fig, alt = draw_trial_simulation(20, 0.5, 2000, only_significant=True, seed=4)
    results = simulate_trials(20, 0.5, 2000, 4)
    counts = _bar_counts(fig)
    assert set(counts) == {"significant in favour"}
    assert counts["significant in favour"] == results.published.sum()
    mean_line = next(ln for ln in fig.axes[0].lines if ln.get_gid() == "published-mean")
    assert mean_line.get_xdata()[0] == pytest.approx(results.mean_observed_published)
    assert f"{results.mean_observed_published:.2f}" in alt
    assert "significant in favour" in alt


@pytest.mark.parametrize("n, effect, words", [
    (20, 0.5, ["20 patients per arm", "0.5 standard deviations", "miss the real effect"]),
    (20, 0.0, ["no true effect", "false alarms"]),
    (200, 0.3, ["200 patients per arm", "0.3 standard deviations"]),
])
def test_alt_text_is_one_sentence_that_follows_the_controls(n, effect, words):
    _, alt = draw_trial_simulation(n, effect, 500, seed=5)
    assert alt.endswith(".") and alt.count(". ") == 0
    for word in words:
        assert word in alt


def test_no_published_trial_gives_an_empty_figure_with_a_sentence_saying_so():
    fig, alt = draw_trial_simulation(50, -2.0, 50, only_significant=True, seed=1)
    assert alt.startswith("Empty histogram")
    assert sum(_bar_counts(fig).values()) == 0


def test_simulator_redraws_in_place_through_explore():
    with mock.patch.object(interactive, "display") as display:
        slider = widgets.IntSlider(value=20, min=5, max=500, continuous_update=False)
        box = widgets.Checkbox(value=False)
        explorer = interactive.explore(TrialSimulationFigure(), n_per_arm=slider,
                                       true_effect=widgets.FloatSlider(value=0.5),
                                       n_trials=widgets.IntSlider(value=500, max=5000),
                                       only_significant=box)
    assert "20 patients per arm" in explorer.last_alt
    slider.value = 100
    assert "100 patients per arm" in explorer.last_alt
    box.value = True
    assert "came out significant in favour" in explorer.last_alt
    assert display.return_value.update.call_count == 1  # then the PNG view takes over
    assert explorer.view.alt == explorer.last_alt


def test_the_live_simulator_matches_the_still_figure_for_the_same_values():
    live = TrialSimulationFigure(seed=4)
    live.update(20, 0.5, 2000)
    alt = live.update(60, 0.3, 1500, only_significant=True)
    fig, still_alt = draw_trial_simulation(60, 0.3, 1500, only_significant=True, seed=4)
    assert alt == still_alt
    assert _bar_counts(live.figure) == _bar_counts(fig)
    assert live.ax.get_title() == fig.axes[0].get_title()
    legend = [t.get_text() for t in live.ax.get_legend().get_texts()]
    assert legend == ["Significant in favour", "True effect", "Average of these trials"]


def test_the_note_gives_the_design_and_the_shares():
    live = TrialSimulationFigure(seed=4)
    live.update(20, 0.5, 2000)
    results = simulate_trials(20, 0.5, 2000, 4)
    note = live.note.get_text()
    assert note.startswith("2,000 trials, 20 patients per arm")
    assert f"{100 * results.share_published:.0f}% in favour" in note


def test_going_back_to_earlier_values_reuses_their_simulation():
    live = TrialSimulationFigure()
    live.update(20, 0.5, 2000)
    first = live.simulate(20, 0.5, 2000)
    live.update(40, 0.5, 2000)
    live.update(20, 0.5, 2000)
    assert live.simulate(20, 0.5, 2000) is first


def test_a_value_the_simulator_refuses_is_explained_under_the_controls():
    with mock.patch.object(interactive, "display"):
        trials = widgets.IntSlider(value=500, min=0, max=5000)
        explorer = interactive.explore(TrialSimulationFigure(), n_trials=trials)
    trials.value = 0
    assert "n_trials must be at least 1" in explorer.message.value


def test_power_chart_draws_formula_lines_and_simulated_dots():
    table = power_table([5, 20, 100], [0.2, 0.5], n_trials=500, seed=1)
    assert len(table) == 6
    assert table["simulated_power"].between(0, 1).all()
    fig = draw_power_curves(table, mark_n=55, mark_label="55 per arm (MIST's size)")
    ax = fig.axes[0]
    gids = {ln.get_gid() for ln in ax.lines}
    assert {"formula:0.2", "formula:0.5", "simulated:0.2", "simulated:0.5", "mark"} <= gids
    dots = next(ln for ln in ax.lines if ln.get_gid() == "simulated:0.5")
    assert list(dots.get_xdata()) == [5, 20, 100]
    assert ax.get_xscale() == "log" and "log scale" in ax.get_xlabel()
    assert any(t.get_text() == "55 per arm (MIST's size)" for t in ax.texts)


def test_publication_bias_chart_labels_each_inflation():
    table = publication_bias_table([10, 50, 500], 0.3, 2000, np.random.default_rng(2))
    fig = draw_publication_bias(table, 0.3)
    ax = fig.axes[0]
    published = next(ln for ln in ax.lines if ln.get_gid() == "published")
    assert list(published.get_ydata()) == list(table["mean_published"])
    labels = [t.get_text() for t in ax.texts]
    assert labels == [f"×{v / 0.3:.1f}" for v in table["mean_published"]]


def test_two_designs_chart_shows_both_arms_and_the_missing_control():
    table = pd.read_csv(DATA / "remestemcel_l_studies.csv")
    fig = draw_two_study_designs(table)
    gids = {p.get_gid(): p for p in fig.axes[0].patches if p.get_gid()}
    assert gids["bar:Phase III trial:Remestemcel-L:Durable complete response"].get_height() == 35
    assert gids["bar:Phase III trial:Placebo:Durable complete response"].get_height() == 30
    partial = gids["bar:Single-arm study:Remestemcel-L:Partial response at day 28"]
    assert partial.get_y() == 30 and partial.get_height() == 41  # stacked on the complete
    assert "bar:Single-arm study:none" in gids
    assert "bar:Phase III trial:none" not in gids
    assert to_hex(gids["bar:Phase III trial:Remestemcel-L:Durable complete response"]
                  .get_facecolor()) == to_hex(PALETTE["blue"])
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend == ["Given the cells (phase III: plus usual second-line treatment)",
                      "Given a placebo (plus usual second-line treatment)"]


def test_two_designs_chart_refuses_tables_it_cannot_draw():
    table = pd.read_csv(DATA / "remestemcel_l_studies.csv")
    with pytest.raises(ValueError, match="lacks the column"):
        draw_two_study_designs(table.drop(columns="percent"))
    with pytest.raises(ValueError, match="no rows"):
        draw_two_study_designs(table.iloc[0:0])
