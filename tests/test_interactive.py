"""Interactive figures: drawn once as a plain output, then redrawn in place on each change."""

from __future__ import annotations

from unittest import mock

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from stemimmune.engine.figures import explorer as interactive


@pytest.fixture(autouse=True)
def _close_figures():
    """Live figures stay open while an explorer holds them; close what a test left."""
    yield
    plt.close("all")

def draw(n):
    if n < 0:
        raise ValueError("n must not be negative")
    fig, ax = plt.subplots()
    ax.plot(range(n + 1))
    return fig, f"A line with {n + 1} points."


def test_first_draw_is_a_plain_output_with_alt_text():
    with mock.patch.object(interactive, "display") as display:
        explorer = interactive.explore(draw, n=widgets.IntSlider(value=3, min=-1, max=9))
    (data,), kwargs = display.call_args
    assert kwargs["metadata"] == {"image/png": {"alt": "A line with 4 points."}}
    assert 'alt="A line with 4 points."' in data["text/html"]
    assert kwargs["display_id"] is True
    assert explorer.last_alt == "A line with 4 points."


def test_change_updates_the_same_output_and_closes_figures():
    with mock.patch.object(interactive, "display") as display:
        slider = widgets.IntSlider(value=3, min=-1, max=9)
        interactive.explore(draw, n=slider)
    handle = display.return_value
    before = len(plt.get_fignums())
    slider.value = 5
    handle.update.assert_called_once()
    assert handle.update.call_args.kwargs["metadata"]["image/png"]["alt"] == \
        "A line with 6 points."
    assert len(plt.get_fignums()) == before


def test_a_value_the_drawing_cannot_use_is_explained_not_raised():
    with mock.patch.object(interactive, "display"):
        slider = widgets.IntSlider(value=3, min=-1, max=9)
        explorer = interactive.explore(draw, n=slider)
    slider.value = -1
    assert "must not be negative" in explorer.message.value


def test_static_render_names_the_controls():
    with mock.patch.object(interactive, "display"):
        explorer = interactive.explore(draw, n=widgets.IntSlider(value=1))
    assert "Controls for the figure above: n" in explorer._repr_mimebundle_()["text/plain"]


# A LiveFigure is drawn once; each change redraws only what it marks as changing.

import io  # noqa: E402

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from stemimmune.engine.figures import Blitter, FigureView, LiveFigure  # noqa: E402


class Dot(LiveFigure):
    """One dot that moves along a fixed line; its colour has two looks."""

    def __init__(self):
        fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
        super().__init__(fig)
        ax.plot([0, 10], [0, 10], color="grey")
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        self.ax = ax
        self.dot = self.changing(ax.plot([0], [0], "o", color="tab:blue", markersize=12)[0])
        self.red = False

    def look(self):
        return self.red

    def update(self, x, red=False):
        if x < 0:
            raise ValueError("x must not be negative")
        self.dot.set_data([x], [x])
        self.red = red
        self.ax.set_facecolor("#fff0f0" if red else "white")
        return f"A dot at {x}."


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)


def _full_draw(live: LiveFigure) -> np.ndarray:
    buffer = io.BytesIO()
    live.figure.savefig(buffer, format="png")
    return _pixels(buffer.getvalue())


def test_a_live_figure_starts_as_a_plain_output_with_alt_text():
    with mock.patch.object(interactive, "display") as display:
        explorer = interactive.explore(Dot(), x=widgets.IntSlider(value=2, max=9))
    (data,), kwargs = display.call_args
    assert kwargs["metadata"] == {"image/png": {"alt": "A dot at 2."}}
    assert 'alt="A dot at 2."' in data["text/html"]
    assert explorer.view is None  # nothing but the plain output until a control moves


def test_each_change_sends_one_png_as_bytes_with_its_alt_text():
    with mock.patch.object(interactive, "display") as display:
        slider = widgets.IntSlider(value=2, max=9)
        explorer = interactive.explore(Dot(), x=slider)
    handle = display.return_value
    slider.value = 5  # the output becomes a view of the PNG
    (bundle,), _ = handle.update.call_args
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"] == "[Figure: A dot at 5.]"
    assert isinstance(explorer.view, FigureView) and explorer.view.alt == "A dot at 5."
    first = explorer.view.png
    slider.value = 7  # later changes only replace the bytes and the alt text
    assert handle.update.call_count == 1
    assert explorer.view.alt == "A dot at 7." and explorer.view.png != first
    assert explorer.view.png.startswith(b"\x89PNG")


def test_a_blitted_frame_looks_like_a_full_redraw():
    live = Dot()
    with mock.patch.object(interactive, "display"):
        box = widgets.Checkbox(value=False)
        slider = widgets.IntSlider(value=2, max=9)
        explorer = interactive.explore(live, x=slider, red=box)
    for x, red in [(6, False), (6, True), (3, True), (3, False)]:
        slider.value, box.value = x, red
        blitted = _pixels(explorer.view.png)
        assert np.abs(blitted - _full_draw(live)).mean() < 0.5, (x, red)


def test_the_blitter_draws_each_look_once():
    live = Dot()
    live.update(1)
    blitter = Blitter(live)
    for x in range(5):
        live.update(x, red=x % 2 == 1)
        blitter.png()
    assert set(blitter.backgrounds) == {False, True}


def test_a_live_figure_explains_a_value_it_cannot_show():
    with mock.patch.object(interactive, "display"):
        slider = widgets.IntSlider(value=2, min=-1, max=9)
        explorer = interactive.explore(Dot(), x=slider)
    slider.value = -1
    assert "must not be negative" in explorer.message.value
    assert explorer.view is None


def test_full_redraw_gives_the_same_picture():
    with mock.patch.object(interactive, "display"):
        slider = widgets.IntSlider(value=2, max=9)
        explorer = interactive.explore(Dot(), x=slider)
    slider.value = 4
    full = _pixels(explorer.full_redraw_png())
    assert np.abs(full - _pixels(explorer.view.png)).mean() < 0.5
