"""Interactive figures: drawn once as a plain output, then redrawn in place on each change."""

from __future__ import annotations

from unittest import mock

import ipywidgets as widgets
import matplotlib.pyplot as plt

from stemimmune import interactive


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
