"""The figure style: titles, labels, a source caption and alt text are not optional."""

from __future__ import annotations

from unittest import mock

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgb

from stemimmune.engine.figures import style as plotting


def test_new_figure_sets_title_labels_and_palette():
    fig, ax = plotting.new_figure("Title", "Days after transplant", "Cells per litre")
    assert ax.get_title() == "Title"
    assert ax.get_xlabel() == "Days after transplant"
    line, = ax.plot([0, 1], [0, 1])
    assert to_rgb(line.get_color()) == to_rgb(plotting.COLOURS[0])
    plt.close(fig)


@pytest.mark.parametrize("args", [("", "x", "y"), ("t", " ", "y"), ("t", "x", "")])
def test_new_figure_refuses_missing_labels(args):
    with pytest.raises(ValueError):
        plotting.new_figure(*args)


def test_palette_is_okabe_ito():
    assert plotting.COLOURS[:4] == ["#0072B2", "#E69F00", "#009E73", "#D55E00"]


def test_add_source_writes_a_caption():
    fig, _ = plotting.new_figure("t", "x", "y")
    plotting.add_source(fig, "Author, Journal 2020")
    assert "Source: Author, Journal 2020" in fig._supxlabel.get_text()
    with pytest.raises(ValueError):
        plotting.add_source(fig, "")
    plt.close(fig)


def test_show_figure_attaches_alt_text_everywhere_and_closes():
    fig, _ = plotting.new_figure("t", "x", "y")
    with mock.patch.object(plotting, "display") as display:
        plotting.show_figure(fig, alt='A line rises "steeply".')
    (data,), kwargs = display.call_args
    assert kwargs == {"raw": True, "metadata": {"image/png": {"alt": 'A line rises "steeply".'}}}
    assert data["text/html"].endswith('alt="A line rises &quot;steeply&quot;.">')
    assert data["image/png"] in data["text/html"]
    assert data["text/plain"] == '[Figure: A line rises "steeply".]'
    assert not plt.fignum_exists(fig.number)
    with pytest.raises(ValueError):
        plotting.show_figure(fig, alt=" ")


def test_figure_bytes_are_reproducible():
    pngs = []
    for _ in range(2):
        fig, ax = plotting.new_figure("t", "x", "y")
        ax.plot([1, 2, 3])
        pngs.append(plotting.figure_output(fig, "alt")[0]["image/png"])
    assert pngs[0] == pngs[1]


def test_figures_are_opaque_so_they_read_on_a_dark_theme():
    """Every pixel of a figure is opaque: on JupyterLab's dark theme it shows as a white
    card with dark text, not dark text on a dark page."""
    import base64
    import io

    from matplotlib.image import imread

    fig, ax = plotting.new_figure("t", "x", "y")
    ax.plot([1, 2, 3])
    png = base64.b64decode(plotting.figure_output(fig, "alt")[0]["image/png"])
    pixels = imread(io.BytesIO(png), format="png")
    assert pixels.shape[2] == 3 or pixels[..., 3].min() == 1.0


@pytest.mark.parametrize("size", [(4.0, 3.0), (7.5, 4.5), (11.0, 6.0)])
def test_a_long_source_caption_is_wrapped_inside_the_figure(size):
    fig, _ = plotting.new_figure("Title", xlabel="x (units)", ylabel="y (units)", size=size)
    words = ("Gratwohl et al. 2006 (1990 data); Passweg et al. 2015, 2019, 2022, 2023 and 2025 "
             "(2013-2023 data), Bone Marrow Transplantation, with a table in data/activity.csv")
    plotting.add_source(fig, words)
    caption = fig._supxlabel
    assert "\n" in caption.get_text() and not caption.get_wrap()
    assert " ".join(caption.get_text().split()) == f"Source: {words}"  # nothing lost
    fig.canvas.draw()
    box = caption.get_window_extent()
    assert box.x1 <= fig.bbox.x1, "the caption runs past the figure's right edge"
    plt.close(fig)


def test_one_draw_gives_the_pixels_savefig_would():
    """figure_png lays out and draws once; the picture matches matplotlib's savefig, which
    lays a constrained figure out twice."""
    import io

    import numpy as np
    from PIL import Image

    pictures = []
    for save in (plotting.figure_png, None):
        fig, ax = plotting.new_figure("Cells per day", "Cell type", "Cells (billions)")
        ax.bar(["red", "white"], [200, 60])
        plotting.add_source(fig, "A made-up table, for this test")
        if save is None:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png")
            png = buffer.getvalue()
        else:
            png = save(fig)
        pictures.append(np.asarray(Image.open(io.BytesIO(png)).convert("RGB")))
        plt.close(fig)
    assert pictures[0].shape == pictures[1].shape
    assert (pictures[0] == pictures[1]).all()


def test_an_opaque_figure_is_saved_without_an_alpha_channel():
    import io

    from PIL import Image

    fig, ax = plotting.new_figure("t", "x", "y")
    ax.plot([1, 2, 3])
    assert Image.open(io.BytesIO(plotting.figure_png(fig))).mode == "RGB"
    fig.patch.set_alpha(0.5)  # a see-through figure keeps its alpha
    assert Image.open(io.BytesIO(plotting.figure_png(fig))).mode == "RGBA"
    plt.close(fig)
