"""Figures drawn once, whose changing parts are redrawn on their own (matplotlib blitting).

Rebuilding a figure for every move of a control costs far more than what changed: a new
figure, a new layout and every text drawn again. A :class:`LiveFigure` is built once. Its
subclass marks the artists that change (``self.changing(...)``) and says, in
:meth:`LiveFigure.update`, how the control values change them. :class:`Blitter` then draws
everything else once, keeps that picture, and for each update pastes it back and draws
only the changing artists on top (``copy_from_bbox``, ``restore_region``, ``draw_artist``).
Text is what costs most to draw, so keep changing text short: put what changes in few,
short texts, and leave titles, legends and captions fixed (or give them a few looks, see
:meth:`LiveFigure.look`).

Changing artists are drawn after the fixed ones, so they should not need to sit behind
them: mark an axis as changing (``ax.yaxis``) when its limits move, and keep the grid of a
changing axis off.
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from .style import DRAWING


class LiveFigure:
    """A figure whose :meth:`update` changes some artists for new control values.

    Subclasses build the whole figure in ``__init__`` (call ``super().__init__(figure)``
    first), pass each artist that will change through :meth:`changing`, and implement
    :meth:`update`. Anything that changes must be marked, or it will keep its first look.
    """

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.changing_artists: list[Artist] = []

    def changing(self, artist: Artist) -> Artist:
        """Mark ``artist`` as one that :meth:`update` changes; returns it."""
        artist.set_animated(True)
        self.changing_artists.append(artist)
        return artist

    def look(self) -> Hashable:
        """Which look the fixed (unmarked) parts have now; by default they have one.

        A figure whose fixed parts have a few looks (a title and legend that follow a tick
        box) returns which one is showing, and sets them in :meth:`update`. :class:`Blitter`
        keeps a picture of the fixed parts for each look, so each is drawn in full once.
        """
        return None

    def still(self) -> Figure:
        """The figure as an ordinary one (nothing marked as changing), to show or save."""
        for artist in self.changing_artists:
            artist.set_animated(False)
        return self.figure

    def update(self, **values: Any) -> str:
        """Change the marked artists for ``values``; return the figure's new alt text.

        Raise ``ValueError`` with a plain message for values the figure cannot show.
        """
        raise NotImplementedError


class Blitter:
    """Draws a :class:`LiveFigure`'s fixed parts once, then only its changing artists.

    Its first draw lays the figure out (with the figure's layout engine); that layout is
    then kept, so that nothing moves between updates.
    """

    def __init__(self, live: LiveFigure) -> None:
        self.live = live
        figure = live.figure
        if not isinstance(figure.canvas, FigureCanvasAgg):  # for one closed by pyplot
            FigureCanvasAgg(figure)
        self.backgrounds: dict[Hashable, Any] = {}
        self.background()  # the first draw lays the figure out ...
        figure.set_layout_engine("none")  # ... and that layout is kept from then on

    def background(self) -> Any:
        """The fixed parts in their current look, drawn once per look and kept."""
        look = self.live.look()
        if look not in self.backgrounds:
            figure = self.live.figure
            with mpl.rc_context(DRAWING):
                figure.canvas.draw()  # every artist but the changing ones
            self.backgrounds[look] = figure.canvas.copy_from_bbox(figure.bbox)
        return self.backgrounds[look]

    def frame(self) -> np.ndarray:
        """The figure as it is now, as an RGB array: the fixed parts plus the changing ones."""
        canvas = self.live.figure.canvas
        canvas.restore_region(self.background())
        with mpl.rc_context(DRAWING):
            for artist in self.live.changing_artists:
                if artist.get_visible():
                    self.live.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())[..., :3]

    def png(self) -> bytes:
        """:meth:`frame` encoded as PNG, quickly (light compression, no metadata, so the
        same picture always gives the same bytes)."""
        buffer = io.BytesIO()
        Image.fromarray(self.frame()).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

