"""Figures for lesson 04: simulated trials, their power, publication bias, and two real
studies of one cell product.

:func:`draw_trial_simulation` is the drawing function behind the lesson's interactive
simulator: it takes the controls' values and returns ``(figure, alt_text)``, the form
:func:`stemimmune.interactive.explore` expects::

    from ipywidgets import Checkbox
    from stemimmune.slider import FloatSlider, IntSlider
    from stemimmune.interactive import explore
    from stemimmune.trial_figures import draw_trial_simulation

    explore(draw_trial_simulation, n_per_arm=IntSlider(20, 5, 500, 5), ...)

Every figure here uses the course style (:mod:`stemimmune.plotting`) and, apart from the
last one, shows *simulated* trials; the titles and captions say so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .plotting import PALETTE, add_source, new_figure
from .tables import require_columns
from .trials import DEFAULT_SEED, TrialResults, analytic_power, simulate_trials

#: Colours of the three kinds of simulated trial in the histogram.
TRIAL_COLOURS: dict[str, str] = {
    "not significant": "#b8b8b8",
    "significant in favour": PALETTE["blue"],
    "significant against": PALETTE["vermillion"],
}
#: Histogram range (observed effect, in standard deviations); values outside are drawn in
#: the edge bins so that every trial is counted.
HISTOGRAM_RANGE: tuple[float, float] = (-1.5, 3.0)
HISTOGRAM_BIN_WIDTH = 0.05
#: Caption for every figure of simulated trials.
SIMULATION_SOURCE = ("Simulated trials, not patient data. Course model: each patient's outcome "
                     "is normal with SD 1; two-sided z-test at alpha = 0.05 "
                     "(stemimmune/trials.py)")


def _number(x: float, digits: int = 1) -> str:
    """A number for text, with a true minus sign."""
    return f"{x:.{digits}f}".replace("-", "−")


def _percent(share: float) -> str:
    """A share as a percentage: one decimal below 10%, none above."""
    value = 100 * share
    return f"{value:.1f}%" if value < 9.95 else f"{value:.0f}%"


def describe_trial_simulation(results: TrialResults, only_significant: bool = False) -> str:
    """One sentence (the figure's alt text) summing up a simulated set of trials."""
    effect = (f"a true effect of {_number(results.true_effect)} standard deviations"
              if results.true_effect else "no true effect")
    design = (f"{results.n_trials:,} simulated trials with {results.n_per_arm} patients per "
              f"arm and {effect}")
    if only_significant:
        published = int(results.published.sum())
        if not published:
            return (f"Empty histogram: none of the {design} came out significant in favour "
                    f"of the treatment.")
        return (f"Histogram of the {published:,} of {design} that came out significant in "
                f"favour of the treatment: their average observed effect is "
                f"{_number(results.mean_observed_published, 2)} standard deviations.")
    low, high = np.percentile(results.observed, [2.5, 97.5])
    spread = (f"the middle 95% of observed effects run from {_number(low)} to "
              f"{_number(high)}")
    if results.true_effect == 0:
        outcome = (f"{_percent(results.share_significant)} of the trials are false alarms, "
                   f"significant in one direction or the other")
    else:
        outcome = (f"{_percent(results.share_published)} of the trials are significant in "
                   f"favour of the treatment and {_percent(1 - results.share_significant)} "
                   "miss the real effect")
    return f"Histogram of {design}: {spread}; {outcome}."


def draw_trial_simulation(n_per_arm: int = 20, true_effect: float = 0.5,
                          n_trials: int = 2000, only_significant: bool = False,
                          seed: int = DEFAULT_SEED) -> tuple[Figure, str]:
    """Histogram of the observed effects of many simulated trials of one design.

    Trials are coloured by outcome: not significant, significant in favour of the
    treatment, significant against it. With ``only_significant`` only the trials that are
    significant *in favour* are drawn (what a literature that publishes only "positive"
    trials would show), with a line at their average. A dashed line marks the true effect.
    The same seed gives the same trials, so moving a control back restores the figure.
    Each kind is one filled step patch (``Axes.stairs``) with ``gid="bars:<kind>"``, so
    that tests can find it.

    Raises:
        ValueError: from :func:`stemimmune.trials.simulate_trials` for values it cannot use.
    """
    results = simulate_trials(n_per_arm, true_effect, n_trials, seed)
    alt = describe_trial_simulation(results, only_significant)
    low, high = HISTOGRAM_RANGE
    edges = np.arange(low, high + HISTOGRAM_BIN_WIDTH / 2, HISTOGRAM_BIN_WIDTH)
    clipped = np.clip(results.observed, low, high - 1e-9)
    against = results.significant & (results.observed < 0)
    groups = {"significant in favour": results.published}
    if not only_significant:
        groups = {"not significant": ~results.significant, **groups,
                  "significant against": against}
    title = ("Simulated trials that would be \"published\"" if only_significant
             else "The same trial, repeated: simulated observed effects")
    fig, ax = new_figure(title, xlabel="Observed effect: treated minus control average "
                                       "(standard deviations)",
                         ylabel="Number of simulated trials", size=(8.0, 4.6))
    bottom = np.zeros(len(edges) - 1)
    for kind, chosen in groups.items():
        counts, _ = np.histogram(clipped[chosen], bins=edges)
        # One filled step outline per kind, stacked on the kinds below it: a single artist
        # instead of one bar per bin, so that redrawing after a slider moves stays quick.
        ax.stairs(bottom + counts, edges, baseline=bottom.copy(), fill=True,
                  color=TRIAL_COLOURS[kind], linewidth=0,
                  label=f"{kind.capitalize()} ({_percent(chosen.mean())})", gid=f"bars:{kind}")
        bottom += counts
    ax.axvline(results.true_effect, color=PALETTE["black"], linestyle="--", linewidth=1.5,
               label=f"True effect ({_number(results.true_effect)} SD)", gid="true-effect")
    if only_significant and results.published.any():
        ax.axvline(results.mean_observed_published, color=PALETTE["blue"], linewidth=2.2,
                   label=f"Average of these trials ({_number(results.mean_observed_published, 2)}"
                         " SD)", gid="published-mean")
    ax.set_xlim(low, high)
    ax.set_ylim(0, max(1.0, bottom.max()) * 1.3)
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    ax.text(0.015, 0.97, f"{results.n_trials:,} trials\n{results.n_per_arm} patients per arm",
            transform=ax.transAxes, va="top", ha="left", fontsize=9.5, color="#333333")
    add_source(fig, SIMULATION_SOURCE)
    return fig, alt


def power_table(n_values: list[int], effects: list[float], n_trials: int = 4000,
                seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Simulated and formula power for each trial size and true effect (one row per pair)."""
    generator = np.random.default_rng(seed)
    rows = []
    for effect in effects:  # a few effects and sizes; each simulation is vectorised
        for n in n_values:
            results = simulate_trials(n, effect, n_trials, generator)
            rows.append({"true_effect": effect, "n_per_arm": n,
                         "simulated_power": results.share_significant,
                         "formula_power": analytic_power(n, effect)})
    return pd.DataFrame(rows)


#: Colour of each true effect in the power chart.
EFFECT_COLOURS: dict[float, str] = {0.2: PALETTE["orange"], 0.5: PALETTE["bluish green"],
                                    0.8: PALETTE["blue"]}


def draw_power_curves(table: pd.DataFrame, mark_n: int | None = None,
                      mark_label: str = "") -> Figure:
    """Power against trial size: formula as lines, simulated trials as dots, one per effect.

    ``table`` comes from :func:`power_table`. A dotted vertical line marks ``mark_n``
    patients per arm (for example a real trial's size), labelled ``mark_label``. Lines carry
    ``gid="formula:<effect>"`` and dots ``gid="simulated:<effect>"``.
    """
    fig, ax = new_figure("How often a simulated trial finds a real effect (power)",
                         xlabel="Patients per arm (log scale)",
                         ylabel="Trials with a significant result (%)", size=(8.0, 4.8))
    ax.set_xscale("log")
    n_min, n_max = int(table["n_per_arm"].min()), int(table["n_per_arm"].max())
    grid = np.unique(np.geomspace(max(2, n_min), n_max, 200).round().astype(int))
    for effect, rows in table.groupby("true_effect"):
        colour = EFFECT_COLOURS.get(round(float(effect), 2), PALETTE["reddish purple"])
        ax.plot(grid, [100 * analytic_power(int(n), float(effect)) for n in grid],
                color=colour, linewidth=2, label=f"True effect {effect:g} SD",
                gid=f"formula:{effect:g}")
        ax.plot(rows["n_per_arm"], 100 * rows["simulated_power"], linestyle="none",
                marker="o", markersize=6, markerfacecolor="white", markeredgecolor=colour,
                markeredgewidth=1.8, gid=f"simulated:{effect:g}")
    ax.axhline(80, color="#777777", linewidth=1, linestyle=":")
    ax.text(n_min, 81.5, "80%", fontsize=9, color="#555555")
    if mark_n is not None:
        ax.axvline(mark_n, color=PALETTE["black"], linewidth=1.2, linestyle=":",
                   gid="mark")
        ax.text(mark_n * 1.06, 55, mark_label, fontsize=9, color=PALETTE["black"],
                ha="left", va="center",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
    ax.set_ylim(0, 105)
    ax.set_xlim(n_min * 0.9, n_max * 1.1)
    ax.set_xticks([t for t in (5, 10, 20, 50, 100, 200, 500, 1000) if n_min <= t <= n_max])
    ax.xaxis.set_major_formatter("{x:g}")
    ax.minorticks_off()
    ax.grid(color="#e5e5e5", linewidth=0.8)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white",
                           markeredgecolor="#555555", markeredgewidth=1.8)[0])
    labels.append("Dots: share of simulated trials")
    ax.legend(handles, labels, loc="lower right", frameon=True, framealpha=0.95,
              edgecolor="#cccccc", fontsize=9)
    add_source(fig, SIMULATION_SOURCE + "; lines from the formula")
    return fig


def draw_publication_bias(table: pd.DataFrame, true_effect: float) -> Figure:
    """Average observed effect of all simulated trials and of the "published" ones, by size.

    ``table`` comes from :func:`stemimmune.trials.publication_bias_table`. Each published
    point is labelled with how many times the true effect it shows. Lines carry
    ``gid="all"`` and ``gid="published"``.
    """
    fig, ax = new_figure("If only \"positive\" trials are published (simulated)",
                         xlabel="Patients per arm (log scale)",
                         ylabel="Average observed effect (standard deviations)",
                         size=(8.0, 4.6))
    ax.set_xscale("log")
    n = table["n_per_arm"]
    ax.plot(n, table["mean_published"], marker="o", color=PALETTE["vermillion"], linewidth=2,
            label="Published trials only (significant in favour)", gid="published")
    ax.plot(n, table["mean_all"], marker="s", color=PALETTE["blue"], linewidth=2,
            label="All trials, published or not", gid="all")
    ax.axhline(true_effect, color=PALETTE["black"], linestyle="--", linewidth=1.2,
               label=f"True effect ({true_effect:g} SD)")
    if true_effect:
        for x, y in zip(n, table["mean_published"]):
            ax.annotate(f"×{y / true_effect:.1f}", (x, y), textcoords="offset points",
                        xytext=(6, 6), fontsize=9, color=PALETTE["vermillion"])
    ax.set_xticks(list(n))
    ax.xaxis.set_major_formatter("{x:g}")
    ax.minorticks_off()
    top = float(np.nanmax(table["mean_published"].to_numpy(dtype=float)))
    ax.set_ylim(0, max(top, true_effect) * 1.25)
    ax.set_xlim(float(n.min()) * 0.8, float(n.max()) * 1.4)
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    add_source(fig, SIMULATION_SOURCE + "; 'published' = significant in favour of the "
                                        "treatment")
    return fig


_STUDY_COLUMNS = ("study", "design", "patients", "arm", "end_point", "percent")


def draw_two_study_designs(table: pd.DataFrame) -> Figure:
    """Bar chart of a randomized trial's two arms beside a single-arm study's one arm.

    ``table`` has the columns ``study``, ``design``, ``patients``, ``arm``, ``end_point``
    and ``percent``; rows of one study and arm with several end points are stacked. Each
    study's single-arm gap is drawn as an empty, dashed "no control group" bar. Bars carry
    ``gid="bar:<study>:<arm>:<end_point>"``.

    Raises:
        ValueError: if a column is missing or the table is empty.
    """
    require_columns(table, _STUDY_COLUMNS, "studies")
    fig, ax = new_figure("Remestemcel-L for steroid-refractory acute GVHD: two designs",
                         xlabel="Study", ylabel="Patients responding (%)", size=(8.0, 4.8))
    shades = [PALETTE["blue"], PALETTE["sky blue"]]
    ticks, tick_labels = [], []
    x = 0.0
    for study, rows in table.groupby("study", sort=False):
        arms = list(dict.fromkeys(rows["arm"]))
        single_arm = len(arms) == 1
        slots = arms + (["No control group"] if single_arm else [])
        positions = [x + i for i in range(len(slots))]
        for position, arm in zip(positions, slots):
            if arm == "No control group":
                ax.bar(position, 100, width=0.8, fill=False, hatch="//",
                       edgecolor="#999999", linestyle="--", gid=f"bar:{study}:none")
                ax.text(position, 50, "?\nno control\ngroup", ha="center", va="center",
                        fontsize=10, color="#333333",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 3})
                continue
            bottom = 0.0
            arm_rows = rows[rows["arm"] == arm]
            for shade, row in zip(shades, arm_rows.itertuples(index=False)):
                colour = shade if arm != "Placebo" else "#9a9a9a"
                ax.bar(position, row.percent, bottom=bottom, width=0.8, color=colour,
                       edgecolor="white", gid=f"bar:{study}:{arm}:{row.end_point}")
                inside = f"{row.percent:g}%"
                if len(arm_rows) > 1:  # stacked: name each part ("complete", "partial")
                    inside += f"\n{row.end_point.split()[0].lower()}"
                ax.text(position, bottom + row.percent / 2, inside, ha="center",
                        va="center", fontsize=9.5, fontweight="bold",
                        color="black" if colour == PALETTE["sky blue"] else "white")
                bottom += row.percent
            ax.text(position, -4, arm, ha="center", va="top", fontsize=9)
        first = rows.iloc[0]
        ticks.append(sum(positions) / len(positions))
        measured = (first.end_point.lower() if not single_arm
                    else "response at day 28")
        tick_labels.append(f"{study}\n{first.design}, {first.patients} patients\n"
                           f"measured: {measured}")
        x = positions[-1] + 1.8
    ax.set_xticks(ticks, tick_labels, fontsize=9)
    ax.tick_params(axis="x", length=0, pad=22)
    ax.set_ylim(0, 125)  # headroom so the legend sits above the bars
    ax.set_yticks(range(0, 101, 20))
    ax.set_xlim(-0.7, x - 1.1)
    # In the phase III trial both arms also had the usual second-line treatment.
    ax.legend(handles=[Patch(color=PALETTE["blue"], label="Given the cells (phase III: plus "
                                                          "usual second-line treatment)"),
                       Patch(color="#9a9a9a", label="Given a placebo (plus usual "
                                                    "second-line treatment)")],
              loc="upper left", frameon=False, fontsize=9, ncol=1)
    return fig
