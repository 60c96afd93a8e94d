"""Figures a learner can change with a control, that still read well without a kernel.

``explore(figure, graft=Dropdown(...))`` first shows the figure for the controls' current
values as an ordinary figure output (what a static render such as GitHub or nbconvert
shows), then the controls. Each change updates that same output in place, so figures never
pile up. ``figure`` is either

- a :class:`~.live.LiveFigure`, built once: each change redraws only the artists it marks
  as changing (blitting), and the new PNG goes to the browser once, as bytes, in a
  :class:`~.view.FigureView` that replaces the first output on the first change; or
- a plain drawing function that takes the control values and returns
  ``(figure, alt_text)``: each change draws a whole new figure (simple, and slower).

Either way the alt text follows the figure.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib as mpl
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from .live import Blitter, LiveFigure
from .style import DRAWING, figure_output, png_output
from .view import FigureView

Draw = Callable[..., tuple[Figure, str]]


class Explorer:
    """Controls wired to one figure output; created by :func:`explore`."""

    def __init__(self, figure: LiveFigure | Draw,
                 controls: dict[str, widgets.ValueWidget]) -> None:
        self.figure = figure
        self.controls = controls
        self.message = widgets.HTML("")
        row = widgets.HBox(list(controls.values()),
                           layout=widgets.Layout(flex_flow="row wrap"))
        self.widget = widgets.VBox([row, self.message])
        self.widget.add_class("stemimmune-explorer")
        self.handle = None
        self.last_alt = ""
        self.blitter: Blitter | None = None
        self.view: FigureView | None = None
        for control in controls.values():
            control.observe(self._redraw, names="value")

    @property
    def live(self) -> bool:
        """True when the figure is a :class:`LiveFigure` (redrawn in part)."""
        return isinstance(self.figure, LiveFigure)

    def values(self) -> dict[str, object]:
        """The controls' current values, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def show_first(self) -> None:
        """Display the figure for the current values, as a normal output."""
        if isinstance(self.figure, LiveFigure):
            self.last_alt = self.figure.update(**self.values())
            plt.close(self.figure.figure)  # pyplot forgets it; the explorer keeps it
            self.blitter = Blitter(self.figure)  # one full draw, kept for the updates
            data, metadata = png_output(self.blitter.png(), self.last_alt)
        else:
            fig, self.last_alt = self.figure(**self.values())
            data, metadata = figure_output(fig, self.last_alt)
        self.handle = display(data, raw=True, metadata=metadata, display_id=True)

    def _redraw(self, _change: object = None) -> None:
        try:
            if isinstance(self.figure, LiveFigure):
                self.last_alt = self.figure.update(**self.values())
            else:
                fig, self.last_alt = self.figure(**self.values())
        except ValueError as err:  # a value the figure cannot show: say so
            self.message.value = f"<i>{html.escape(str(err))}</i>"
            return
        self.message.value = ""
        if self.blitter is not None:
            self._send_png(self.blitter.png())
        else:
            data, metadata = figure_output(fig, self.last_alt)
            if self.handle is not None:
                self.handle.update(data, raw=True, metadata=metadata)

    def _send_png(self, png: bytes) -> None:
        if self.view is None:  # first change: the output becomes a view of PNG bytes
            self.view = FigureView(png=png, alt=self.last_alt)
            if self.handle is not None:
                bundle = self.view._repr_mimebundle_()  # anywidget: (data, metadata)
                data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
                data["text/plain"] = f"[Figure: {self.last_alt}]"
                self.handle.update(data, raw=True)
            return
        with self.view.hold_sync():  # one message: the picture and its description
            self.view.alt = self.last_alt
            self.view.png = png

    def full_redraw_png(self) -> bytes:
        """Draw the current figure from scratch and encode it (what an update saves).

        For a :class:`LiveFigure`: every artist, text and tick drawn again and saved as PNG,
        the way its first output was. For a drawing function: a new figure. The benchmark
        prints this cost beside each update's.
        """
        buffer = io.BytesIO()
        if isinstance(self.figure, LiveFigure):
            with mpl.rc_context(DRAWING):
                self.figure.figure.savefig(buffer, format="png", metadata={"Software": None})
        else:
            fig, alt = self.figure(**self.values())
            data, _ = figure_output(fig, alt)
            buffer.write(data["image/png"].encode("ascii"))
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        names = ", ".join(self.controls)
        bundle["text/plain"] = f"(Controls for the figure above: {names}. Run the notebook to "\
                               "change them.)"
        bundle["text/html"] = f"<p><i>{html.escape(bundle['text/plain'])}</i></p>"
        return bundle


def explore(figure: LiveFigure | Draw, **controls: widgets.ValueWidget) -> Explorer:
    """Show ``figure`` for the controls' current values, then the controls.

    Use as the last line of a cell so that the controls display under the figure.
    """
    explorer = Explorer(figure, controls)
    explorer.show_first()
    return explorer
