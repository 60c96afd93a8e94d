"""Figures a learner can change with a control, that still read well without a kernel.

``explore(draw, graft=Dropdown(...))`` first shows ``draw(graft=<current value>)`` as an
ordinary figure output (a static render such as GitHub or nbconvert shows it), then the
controls. Each change redraws that same output in place, so figures never pile up.
``draw`` is plain Python: it takes the control values and returns ``(figure, alt_text)``,
which makes it easy to test without widgets.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

from .plotting import figure_output

Draw = Callable[..., tuple[Figure, str]]


class Explorer:
    """Controls wired to one figure output; created by :func:`explore`."""

    def __init__(self, draw: Draw, controls: dict[str, widgets.ValueWidget]) -> None:
        self.draw = draw
        self.controls = controls
        self.message = widgets.HTML("")
        row = widgets.HBox(list(controls.values()),
                           layout=widgets.Layout(flex_flow="row wrap"))
        self.widget = widgets.VBox([row, self.message])
        self.widget.add_class("stemimmune-explorer")
        self.handle = None
        self.last_alt = ""
        for control in controls.values():
            control.observe(self._redraw, names="value")

    def values(self) -> dict[str, object]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def show_first(self) -> None:
        """Display the figure for the current values, as a normal output."""
        fig, self.last_alt = self.draw(**self.values())
        data, metadata = figure_output(fig, self.last_alt, crop=False)
        self.handle = display(data, raw=True, metadata=metadata, display_id=True)

    def _redraw(self, _change: object = None) -> None:
        try:
            fig, self.last_alt = self.draw(**self.values())
        except ValueError as err:  # a value the drawing function cannot use: say so
            self.message.value = f"<i>{html.escape(str(err))}</i>"
            return
        self.message.value = ""
        data, metadata = figure_output(fig, self.last_alt, crop=False)
        if self.handle is not None:
            self.handle.update(data, raw=True, metadata=metadata)

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        names = ", ".join(self.controls)
        bundle["text/plain"] = f"(Controls for the figure above: {names}. Run the notebook to "\
                               "change them.)"
        bundle["text/html"] = f"<p><i>{html.escape(bundle['text/plain'])}</i></p>"
        return bundle


def explore(draw: Draw, **controls: widgets.ValueWidget) -> Explorer:
    """Show ``draw``'s figure for the controls' current values, then the controls.

    Use as the last line of a cell so that the controls display under the figure.
    """
    explorer = Explorer(draw, controls)
    explorer.show_first()
    return explorer
