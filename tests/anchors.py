"""Heading anchors of a notebook, and the ``#fragment`` links that should land on them.

JupyterLab and nbconvert give every Markdown heading an id: the heading's visible text
with each space replaced by ``-`` (punctuation is kept), so ``## 2. The potency ladder``
becomes ``#2.-The-potency-ladder``. A notebook can also set an anchor by hand with
``<a id="…"></a>``; the generated reference lists do this for ``#ref-<key>``.

Used by tests/test_anchors.py and tests/test_glossary.py::

    from anchors import notebook_anchors, fragment_links
    notebook_anchors(path)            # {"2.-The-potency-ladder", "ref-orkin2008", …}
    fragment_links(markdown_text)     # [("01-understanding-stem-cells.ipynb", "1.-…"), …]
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat

FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:[ \t]#+)?[ \t]*$", re.M)
EXPLICIT = re.compile(r"""<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.I)
INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")
CODE_SPAN = re.compile(r"`([^`]*)`")
HTML_TAG = re.compile(r"<[^>]+>")


def _markdown(nb: nbformat.NotebookNode) -> list[str]:
    return [cell.source for cell in nb.cells if cell.cell_type == "markdown"]


def heading_text(heading: str) -> str:
    """The text a reader sees for a heading's Markdown: no link syntax, emphasis or tags."""
    text = INLINE_LINK.sub(r"\1", heading)
    text = CODE_SPAN.sub(r"\1", text)
    text = HTML_TAG.sub("", text)
    previous = None
    while previous != text:  # nested emphasis such as ***bold italic***
        previous, text = text, EMPHASIS.sub(r"\2", text)
    return text.replace("\\", "").strip()


def heading_anchor(heading: str) -> str:
    """The id JupyterLab and nbconvert give a heading: its text, spaces replaced by '-'."""
    return heading_text(heading).replace(" ", "-")


def markdown_anchors(markdown: str) -> set[str]:
    """Anchors of one Markdown text: its headings (outside code fences) and explicit ids."""
    text = FENCE.sub("", markdown)
    anchors = {heading_anchor(m.group(2)) for m in HEADING.finditer(text)}
    anchors |= set(EXPLICIT.findall(text))
    return anchors


def notebook_anchors(path: Path) -> set[str]:
    """Every anchor in a notebook's Markdown cells."""
    nb = nbformat.read(path, as_version=4)
    return set().union(*(markdown_anchors(s) for s in _markdown(nb)))


def references_anchors(path: Path) -> set[str]:
    """The explicit anchors in the notebook's cell tagged ``references``."""
    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells
             if c.cell_type == "markdown" and "references" in c.metadata.get("tags", [])]
    return set().union(set(), *(set(EXPLICIT.findall(s)) for s in cells))


def link_targets(markdown: str) -> list[str]:
    """Destinations of the inline links ``[text](destination)`` in a Markdown text.

    Parentheses inside a destination are allowed when balanced, as in CommonMark, so
    ``(x.ipynb#3.-Whose-cells?-(a)-and-(b))`` is read whole.
    """
    text = FENCE.sub("", markdown)
    targets = []
    for match in re.finditer(r"\]\(", text):
        start = end = match.end()
        depth = 0
        while end < len(text):
            char = text[end]
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            elif char.isspace():
                break
            end += 1
        targets.append(text[start:end])
    return targets


def fragment_links(markdown: str) -> list[tuple[str, str]]:
    """``(file, fragment)`` for each relative link with a ``#fragment``; file is '' when the
    link points into the same notebook. Web addresses are left out; the fragment is
    percent-decoded (``%22`` becomes ``"``)."""
    links = []
    for target in link_targets(markdown):
        if "#" not in target or "://" in target or target.startswith("mailto:"):
            continue
        file, fragment = target.split("#", 1)
        links.append((unquote(file), unquote(fragment)))
    return links


def notebook_fragment_links(path: Path) -> list[tuple[str, str]]:
    """Every ``#fragment`` link in a notebook's Markdown cells."""
    nb = nbformat.read(path, as_version=4)
    return [link for source in _markdown(nb) for link in fragment_links(source)]


def closest(anchor: str, anchors: set[str]) -> str:
    """A hint for a broken anchor: the nearest existing ones, or the headings there are."""
    near = difflib.get_close_matches(anchor, sorted(anchors), n=3, cutoff=0.5)
    if near:
        return "did you mean " + " or ".join(f"#{a}" for a in near) + "?"
    headings = sorted(a for a in anchors if not a.startswith(("ref-", "term-")))
    return "anchors there: " + ", ".join(f"#{a}" for a in headings)


def broken_fragment_links(path: Path) -> list[str]:
    """One plain-language message per ``#fragment`` link in the notebook that lands nowhere.

    * ``#ref-key`` in the same notebook must be an ``<a id="ref-key">`` in its references
      cell (run tools/update_generated.py to write that cell);
    * any other same-notebook fragment must be one of the notebook's own anchors;
    * ``other.ipynb#fragment`` needs the file and an anchor in it.
    """
    problems = []
    own = notebook_anchors(path)
    references = references_anchors(path)
    cache: dict[Path, set[str]] = {}
    for file, fragment in notebook_fragment_links(path):
        if not file:
            if fragment.startswith("ref-"):
                if fragment not in references:
                    problems.append(
                        f"#{fragment}: no <a id=\"{fragment}\"> in this notebook's cell tagged "
                        "'references'; add the key to references.bib and run "
                        "python tools/update_generated.py")
            elif fragment not in own:
                problems.append(f"#{fragment}: no such anchor in this notebook; "
                                f"{closest(fragment, own)}")
            continue
        if not file.endswith(".ipynb"):
            continue
        target = (path.parent / file).resolve()
        if not target.exists():
            problems.append(f"{file}#{fragment}: the notebook {file} does not exist")
            continue
        if target not in cache:
            cache[target] = notebook_anchors(target)
        if fragment not in cache[target]:
            problems.append(f"{file}#{fragment}: no such anchor in {file}; "
                            f"{closest(fragment, cache[target])}")
    return problems
