"""Sliders for the course's interactive figures, named for screen readers.

ipywidgets' ``IntSlider`` and ``FloatSlider`` draw their handle as a ``div`` with the role
"slider" but no accessible name, so a screen reader says only "slider, 20". These two
widgets take the same main arguments (``value``, ``min``, ``max``, ``step``,
``description``) and are drawn as a native range input with a label (``slider.js``, loaded
by anywidget), so the reader says "Patients per arm, slider, 20", and the keyboard moves
them. Like ``continuous_update=False``, ``value`` changes when the slider is let go.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

_HERE = Path(__file__).parent


class _Slider(anywidget.AnyWidget):
    _esm = _HERE / "slider.js"
    _css = _HERE / "slider.css"

    description = traitlets.Unicode("").tag(sync=True)
    #: The value as the number beside the slider shows it.
    readout = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._show()
        self.observe(self._show, names="value")

    def _show(self, _change: object = None) -> None:
        self.readout = f"{self.value:g}"

    @traitlets.validate("value")
    def _keep_in_range(self, proposal: traitlets.Bunch) -> object:
        return min(max(proposal["value"], self.min), self.max)


class IntSlider(_Slider):
    """A whole-number slider: ``IntSlider(value=20, min=5, max=500, step=5,
    description="Patients per arm")``."""

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)


class FloatSlider(_Slider):
    """A slider for decimal numbers: ``FloatSlider(value=0.5, min=0, max=1.5, step=0.1,
    description="Effect (SD)")``."""

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(10.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
