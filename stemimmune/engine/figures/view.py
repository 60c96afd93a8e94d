"""A figure shown as a PNG that the kernel replaces, sent as bytes, with its alt text.

:class:`FigureView` is an anywidget with two traits: ``png`` (the image, sent to the browser
as a binary buffer, not base64 text) and ``alt`` (its description, on the ``<img>``). The
interactive figures (:mod:`.explorer`) switch to it on the first change of a control, so
that each update sends one PNG once. ipywidgets' own ``Image`` widget would send the bytes
the same way, but it has no alt text.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const img = document.createElement("img");
  img.className = "stemimmune-figure-view";
  let url = null;
  function show() {
    const bytes = model.get("png");
    if (url) URL.revokeObjectURL(url);
    url = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
    img.src = url;
    img.alt = model.get("alt");
  }
  model.on("change:png", show);
  model.on("change:alt", () => { img.alt = model.get("alt"); });
  show();
  el.appendChild(img);
  return () => { if (url) URL.revokeObjectURL(url); };
}
export default { render };
"""

_CSS = """
.stemimmune-figure-view { display: block; max-width: 100%; height: auto; }
"""


class FigureView(anywidget.AnyWidget):
    """``FigureView(png=b"...", alt="One sentence.")``: set both to show a new figure."""

    _esm = _ESM
    _css = _CSS
    png = traitlets.Bytes(b"").tag(sync=True)
    alt = traitlets.Unicode("").tag(sync=True)
