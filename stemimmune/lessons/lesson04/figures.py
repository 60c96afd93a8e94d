"""Figures for lesson 04: simulated trials, their power, publication bias, and two real
studies of one cell product.

:class:`TrialSimulationFigure` is the lesson's interactive simulator: drawn once, then
updated for each move of a control (only the parts that change are redrawn)::

    from ipywidgets import Checkbox
    from stemimmune.engine.figures import FloatSlider, IntSlider, explore
    from stemimmune.lessons.lesson04 import TrialSimulationFigure

    explore(TrialSimulationFigure(), n_per_arm=IntSlider(20, 5, 500, 5), ...)

:func:`draw_trial_simulation` draws the same figure for one set of values.

Every figure here uses the course style (:mod:`stemimmune.engine.figures.style`) and, apart from the
last one, shows *simulated* trials; the titles and captions say so.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from stemimmune.engine.data import require_columns
from stemimmune.engine.figures import PALETTE, LiveFigure, add_source, new_figure

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
                     "(stemimmune/lessons/lesson04/trials.py)")


def _number(x: float, digits: int = 1) -> str:
    """A number for text, with a true minus sign."""
    return f"{x:.{digits}f}".replace("-", "−")


def _four_digits(count: float, _position: object = None) -> str:
    """A count as a tick label, padded on the left with figure spaces to four digits."""
    return f"{count:.0f}".rjust(4, "\u2007")


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


class TrialSimulationFigure(LiveFigure):
    """Histogram of the observed effects of many simulated trials of one design.

    Built once; :meth:`update` takes the simulator's control values and returns the alt
    text. Trials are coloured by outcome: not significant, significant in favour of the
    treatment, significant against it. With ``only_significant`` only the trials that are
    significant *in favour* are drawn (what a literature that publishes only "positive"
    trials would show), with a line at their average. A dashed line marks the true effect.
    The note in the corner gives the design and the share of each kind of trial.

    Only the bars, the lines, the count axis and the note are redrawn when a value changes;
    the title and the legend have two looks, for all trials and for the "published" ones
    (see :meth:`look`). The same seed gives the same trials, so moving a control back
    restores the figure; the last few simulations are kept, so going back is instant. Each
    kind is one filled step patch (``Axes.stairs``) with ``gid="bars:<kind>"``.
    """

    #: How many simulations (one per combination of values) are kept for going back.
    KEEP = 16

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        fig, ax = new_figure("Simulated trials", xlabel="Observed effect: treated minus "
                                                        "control average (standard deviations)",
                             ylabel="Number of simulated trials", size=(8.0, 4.6))
        super().__init__(fig)
        self.seed = seed
        self.ax = ax
        self.only_significant = False
        self._simulations: dict[tuple[int, float, int], TrialResults] = {}
        low, high = HISTOGRAM_RANGE
        self.edges = np.arange(low, high + HISTOGRAM_BIN_WIDTH / 2, HISTOGRAM_BIN_WIDTH)
        empty = np.zeros(len(self.edges) - 1)
        self.bars = {kind: self.changing(ax.stairs(empty, self.edges, baseline=empty, fill=True,
                                                   color=colour, linewidth=0,
                                                   label=kind.capitalize(), gid=f"bars:{kind}"))
                     for kind, colour in TRIAL_COLOURS.items()}
        self.true_line = self.changing(ax.axvline(0, color=PALETTE["black"], linestyle="--",
                                                  linewidth=1.5, label="True effect",
                                                  gid="true-effect"))
        self.mean_line = self.changing(ax.axvline(0, color=PALETTE["blue"], linewidth=2.2,
                                                  label="Average of these trials",
                                                  gid="published-mean"))
        self.note = self.changing(ax.text(0.015, 0.97, "", transform=ax.transAxes, va="top",
                                          ha="left", fontsize=9.5, color="#333333"))
        self.changing(ax.yaxis)  # the count axis rescales with the histogram
        # Count labels padded with figure spaces (as wide as a digit) to four digits, so that
        # the layout, fixed at the first draw, leaves room for counts up to 9999.
        ax.yaxis.set_major_formatter(FuncFormatter(_four_digits))
        ax.set_xlim(low, high)
        add_source(fig, SIMULATION_SOURCE)

    def look(self) -> bool:
        """The title and legend have two looks: all trials, or only the "published" ones."""
        return self.only_significant

    def simulate(self, n_per_arm: int, true_effect: float, n_trials: int) -> TrialResults:
        """The simulated trials for these values (kept, so that going back is instant)."""
        key = (n_per_arm, true_effect, n_trials)
        if key not in self._simulations:
            if len(self._simulations) >= self.KEEP:
                del self._simulations[next(iter(self._simulations))]
            self._simulations[key] = simulate_trials(n_per_arm, true_effect, n_trials,
                                                     self.seed)
        return self._simulations[key]

    def update(self, n_per_arm: int = 20, true_effect: float = 0.5, n_trials: int = 2000,
               only_significant: bool = False) -> str:
        """Show the trials for these values; return the figure's alt text.

        Raises:
            ValueError: from :func:`.trials.simulate_trials` for values it cannot use.
        """
        results = self.simulate(n_per_arm, true_effect, n_trials)
        low, high = HISTOGRAM_RANGE
        clipped = np.clip(results.observed, low, high - 1e-9)
        against = results.significant & (results.observed < 0)
        groups = {"significant in favour": results.published}
        if not only_significant:
            groups = {"not significant": ~results.significant, **groups,
                      "significant against": against}
        bottom = np.zeros(len(self.edges) - 1)
        for kind, bars in self.bars.items():
            bars.set_visible(kind in groups)
            if kind in groups:
                counts, _ = np.histogram(clipped[groups[kind]], bins=self.edges)
                bars.set_data(bottom + counts, self.edges, bottom.copy())
                bottom += counts
        self.true_line.set_xdata([results.true_effect] * 2)
        with_mean = only_significant and bool(results.published.any())
        self.mean_line.set_visible(with_mean)
        if with_mean:
            self.mean_line.set_xdata([results.mean_observed_published] * 2)
        self.ax.set_ylim(0, max(1.0, bottom.max()) * 1.3)
        self.note.set_text(self._note(results, only_significant))
        if only_significant != self.only_significant or self.ax.get_legend() is None:
            self.only_significant = only_significant
            self._set_look()
        return describe_trial_simulation(results, only_significant)

    @staticmethod
    def _note(results: TrialResults, only_significant: bool) -> str:
        shares = f"{_percent(results.share_published)} in favour"
        if not only_significant:
            against = results.share_significant - results.share_published
            shares += f", {_percent(against)} against"
        lines = [f"{results.n_trials:,} trials, {results.n_per_arm} patients per arm",
                 f"Significant: {shares}",
                 f"True effect: {_number(results.true_effect)} SD"]
        if only_significant and results.published.any():
            lines.append(f"Their average: {_number(results.mean_observed_published, 2)} SD")
        return "\n".join(lines)

    def _set_look(self) -> None:
        if self.only_significant:
            self.ax.title.set_text("Simulated trials that would be \"published\"")
            handles = [self.bars["significant in favour"], self.true_line, self.mean_line]
        else:
            self.ax.title.set_text("The same trial, repeated: simulated observed effects")
            handles = [*self.bars.values(), self.true_line]
        self.ax.legend(handles=handles, loc="upper right", frameon=False, fontsize=9)


def draw_trial_simulation(n_per_arm: int = 20, true_effect: float = 0.5,
                          n_trials: int = 2000, only_significant: bool = False,
                          seed: int = DEFAULT_SEED) -> tuple[Figure, str]:
    """The simulator's figure for one set of values, as an ordinary figure, and its alt text.

    The same figure as :class:`TrialSimulationFigure` (which the lesson's controls update).

    Raises:
        ValueError: from :func:`.trials.simulate_trials` for values it cannot use.
    """
    live = TrialSimulationFigure(seed)
    try:
        alt = live.update(n_per_arm, true_effect, n_trials, only_significant)
    except ValueError:
        plt.close(live.figure)  # leave no half-drawn figure open
        raise
    return live.still(), alt


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

    ``table`` comes from :func:`.trials.publication_bias_table`. Each published
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
