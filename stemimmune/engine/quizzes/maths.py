"""Formulas drawn as maths in a live quiz, and left as readable text everywhere else.

A quiz file writes each formula in its text the way a reader would (``34 ÷ 51 × 100 =
66.67``): that is what GitHub, nbconvert and the static site show. A question's ``[maths]``
table gives the same formula in LaTeX; in the live card, :func:`with_maths` swaps the text
for MathML made by ``latex2mathml``. Browsers draw MathML themselves (no MathJax, nothing
downloaded) and screen readers read it as maths, "34 over 51 times 100".
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from latex2mathml.converter import convert


def mathml(latex: str) -> str:
    """One formula as inline MathML."""
    return convert(latex, display="inline")


def with_maths(escaped: str, maths: Iterable[tuple[str, str]]) -> str:
    """HTML-escaped text with each known formula replaced by its MathML.

    ``escaped`` has been through ``html.escape``, so each formula is looked for in its
    escaped form too. Longer formulas are replaced first, so that one formula inside
    another is not replaced on its own.
    """
    for formula, latex in sorted(maths, key=lambda pair: -len(pair[0])):
        escaped = escaped.replace(html.escape(formula, quote=False), mathml(latex))
    return escaped
