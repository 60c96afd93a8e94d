"""A line of feedback that a screen reader reads out when it changes.

ipywidgets' ``HTML`` widget replaces its content silently. :class:`LiveRegion` has the same
``value`` (HTML), drawn inside one lasting ``role="status"`` element (a polite live region),
so each new message is announced without moving the learner's focus. The quiz cards have
one built in (``stemimmune.engine.quizzes.panel``); this one is for other widgets with a
Check button.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function render({ model, el }) {
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.className = "stemimmune-live";
  const show = () => (region.innerHTML = model.get("value"));
  show();
  model.on("change:value", show);
  el.append(region);
  return () => model.off("change:value", show);
}
export default { render };
"""
_CSS = """
.stemimmune-live {
  color: var(--jp-content-font-color1, #1a1a1a);
  font-family: var(--jp-ui-font-family, sans-serif);
}
.stemimmune-live:empty { display: none; }
"""


class LiveRegion(anywidget.AnyWidget):
    """HTML feedback in a polite live region: set ``value`` to show and announce it."""

    _esm = _ESM
    _css = _CSS
    value = traitlets.Unicode("").tag(sync=True)
