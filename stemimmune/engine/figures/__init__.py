"""Figures in the course style, and the controls that make them interactive.

:func:`new_figure` starts a figure with the course's colour-blind-safe :data:`PALETTE`;
:func:`add_source` writes the source caption under it; :func:`show_figure` displays it as a
PNG with alt text (:func:`figure_output` builds that output). :func:`explore` ties a figure to
controls and updates it when one moves (:class:`Explorer`): a :class:`LiveFigure` is drawn
once and only its changing artists are redrawn (:class:`Blitter`), and the new PNG goes to
the browser as bytes in a :class:`FigureView`. :class:`IntSlider` and
:class:`FloatSlider` are sliders a screen reader can name; :class:`LiveRegion` announces a
widget's feedback to assistive technology.
"""

from .explorer import Explorer, explore
from .live import Blitter, LiveFigure
from .live_region import LiveRegion
from .slider import FloatSlider, IntSlider
from .style import PALETTE, add_source, figure_output, new_figure, png_output, show_figure
from .view import FigureView

__all__ = [
    "PALETTE", "Blitter", "Explorer", "FigureView", "FloatSlider", "IntSlider", "LiveFigure",
    "LiveRegion", "add_source", "explore", "figure_output", "new_figure", "png_output",
    "show_figure",
]
