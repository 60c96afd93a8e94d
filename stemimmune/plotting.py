"""One look for every figure in the course.

Every figure gets a title, labelled axes (with units), a source caption and a
colour-blind-safe palette (Okabe & Ito), and is shown with a one-sentence description as
its alt text::

    fig, ax = new_figure("Cells replaced per day", xlabel="Cell type",
                         ylabel="Cells per day (log scale)")
    ax.bar(...)
    add_source(fig, "Sender & Milo, Nat Med 2021")
    show_figure(fig, alt="Bar chart: red blood cells dominate daily cell turnover.")
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
from cycler import cycler
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.figure import Figure

#: Okabe & Ito's palette, distinguishable with the common forms of colour blindness.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish green": "#009E73",
    "vermillion": "#D55E00",
    "sky blue": "#56B4E9",
    "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: The order in which plotted series take colours.
COLOURS: list[str] = list(PALETTE.values())

STYLE: dict[str, object] = {
    "axes.prop_cycle": cycler(color=COLOURS),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "stemimmune",
}


def new_figure(title: str, xlabel: str, ylabel: str,
               size: tuple[float, float] = (7.5, 4.5)) -> tuple[Figure, Axes]:
    """A figure with one set of axes, titled and labelled, in the course style.

    Give units in the axis labels, e.g. ``"Days after transplant"``.
    """
    if not title.strip() or not xlabel.strip() or not ylabel.strip():
        raise ValueError("every figure needs a title and both axis labels")
    with mpl.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        ax.set_prop_cycle(STYLE["axes.prop_cycle"])
        ax.set_title(title, fontsize=STYLE["axes.titlesize"], fontweight="bold")
        ax.set_xlabel(xlabel, fontsize=STYLE["axes.labelsize"])
        ax.set_ylabel(ylabel, fontsize=STYLE["axes.labelsize"])
        ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def add_source(fig: Figure, source: str) -> None:
    """Write the data's source under the figure, as a caption."""
    if not source.strip():
        raise ValueError("a figure's source caption cannot be empty")
    fig.get_layout_engine().set(h_pad=0.15)
    fig.supxlabel(f"Source: {source}", fontsize=8.5, color="#444444", x=0.01,
                  ha="left", wrap=True)


def show_figure(fig: Figure, alt: str) -> None:
    """Display a figure with ``alt`` as its alt text, then close it (so it shows once).

    ``alt`` is one sentence that says what the figure shows; put the same sentence in
    the notebook's text beside the figure, for screen-reader users and static readers.
    """
    if not alt.strip():
        raise ValueError("every figure needs a one-sentence description (alt text)")
    display(fig, metadata={"image/png": {"alt": alt}})
    plt.close(fig)
