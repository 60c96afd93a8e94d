"""Accessibility checks on the notebooks' Markdown, in the style of the Carpentries lesson
validator: headings, link text, alt text, tables and colour.

Every lesson, the glossary, the references page, every exercise and every worked solution:

* heading levels never skip (a ``###`` needs a ``##`` above it, and the first is ``#``),
  so a screen reader's list of headings has no holes;
* no link text that says nothing on its own: "here", "link", "click here", "this" ... or a
  bare web address (a screen reader spells it out, character by character);
* every figure has alt text of sensible length that says what it shows: Markdown images
  and the ``<img alt=…>`` the course sends for each figure output;
* every Markdown table has a header row with a name in each column;
* no meaning carried by colour alone: a sentence that names a colour also gives another
  cue (a legend, a label, a position, a pattern such as hatching).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, read_notebook

NOTEBOOKS = sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "exercises").glob("*.ipynb"),
                    *(ROOT / "solutions").glob("*.ipynb")])
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.M)
#: [text](target), not an image.
LINK = re.compile(r"(?<!!)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(([^)\s]+)\)")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
#: Link texts that do not say where the link goes.
VAGUE = {"here", "click here", "link", "this link", "this", "this page", "more", "read more",
         "page", "website", "source"}
#: Alt text that only says what kind of thing it is.
GENERIC_ALT = re.compile(r"^(figure|image|picture|plot|chart|graph|diagram|photo)\s*\d*\.?$",
                         re.I)
ALT_WORDS = (6, 120)  # a sentence, not a word; and short enough to listen to
COLOUR = re.compile(r"\b(red|green|blue|orange|yellow|purple|pink|vermillion|grey|gray|"
                    r"sky-blue|teal)\b", re.I)
#: Phrases with a colour word that name a thing, not a colour on the page (red blood cells,
#: red flags, an author called Green).
NOT_A_COLOUR = re.compile(r"\b[Rr]ed[- ](?:blood|cells?|flags?)\b|&\s*Green\b")
#: Words that give a cue besides colour.
OTHER_CUE = re.compile(r"\b(legend|label\w*|named?|hatch\w*|dash\w*|dott\w*|solid|strip\w*|"
                       r"pattern\w*|left|right|top|bottom|beside|above|below|bold|marked|"
                       r"symbol\w*|shape\w*|outline\w*|sign|follows?)\b", re.I)


def markdown_cells(path: Path) -> list[str]:
    """The notebook's Markdown, with fenced code taken out."""
    return [FENCE.sub("", cell.source) for cell in read_notebook(path).cells
            if cell.cell_type == "markdown"]


def ids(path: Path) -> str:
    return f"{path.parent.name}/{path.stem[:12]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_heading_levels_never_skip(path: Path) -> None:
    levels = [(len(m.group(1)), m.group(2)) for text in markdown_cells(path)
              for m in HEADING.finditer(text)]
    assert levels and levels[0][0] == 1, f"the first heading is not a level-1 heading: {levels[:1]}"
    skips = [f"{title!r} is level {level} after level {before}"
             for (before, _), (level, title) in zip(levels, levels[1:]) if level > before + 1]
    assert not skips, "\n".join(skips)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_link_text_says_where_it_goes(path: Path) -> None:
    bad = []
    for text in markdown_cells(path):
        for match in LINK.finditer(text):
            words = re.sub(r"[*_`]", "", match.group(1)).strip()
            if words.lower().rstrip(".:") in VAGUE:
                bad.append(f"vague link text {words!r} -> {match.group(2)}")
            elif re.match(r"(https?://|www\.)", words):
                bad.append(f"a bare web address as link text: {words}")
            elif not words:
                bad.append(f"empty link text -> {match.group(2)}")
    assert not bad, f"{len(bad)} links:\n" + "\n".join(bad[:30])


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.alts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.alts.append(dict(attrs).get("alt"))


def figure_alts(path: Path) -> list[str | None]:
    """Alt text of every image: Markdown images, and ``<img>`` in cell outputs."""
    alts: list[str | None] = [m.group(1) for text in markdown_cells(path)
                              for m in IMAGE.finditer(text)]
    for cell in read_notebook(path).cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html:
                parser = _Images()
                parser.feed("".join(html) if isinstance(html, list) else html)
                alts += parser.alts
    return alts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_figure_has_alt_text_that_says_what_it_shows(path: Path) -> None:
    bad = []
    for alt in figure_alts(path):
        words = len((alt or "").split())
        if not alt or GENERIC_ALT.match(alt.strip()):
            bad.append(f"alt text {alt!r} does not say what the figure shows")
        elif not ALT_WORDS[0] <= words <= ALT_WORDS[1]:
            bad.append(f"alt text of {words} words (keep to {ALT_WORDS}): {alt[:80]!r}")
    assert not bad, "\n".join(bad)


def test_the_figures_checked_include_every_lesson_figure() -> None:
    """The alt-text check sees the figure outputs (it is not passing on nothing)."""
    counted = sum(len(figure_alts(path)) for path in NOTEBOOKS)
    assert counted >= 20, counted


def markdown_tables(text: str) -> list[list[str]]:
    """Each block of lines that start with ``|``."""
    tables, block = [], []
    for line in [*text.splitlines(), ""]:
        if line.lstrip().startswith("|"):
            block.append(line.strip())
        elif block:
            tables.append(block)
            block = []
    return tables


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_tables_have_a_header_row(path: Path) -> None:
    bad = []
    for text in markdown_cells(path):
        for table in markdown_tables(text):
            header = [cell.strip() for cell in table[0].strip("|").split("|")]
            delimiter = len(table) > 1 and re.fullmatch(r"\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?",
                                                         table[1])
            if not delimiter:
                bad.append(f"no header row (second line is not |---|): {table[0][:60]}")
            elif not all(header):
                bad.append(f"a header cell is empty: {table[0][:60]}")
    assert not bad, "\n".join(bad)


def sentences(text: str) -> list[str]:
    """The prose of a Markdown cell, one sentence or list item at a time (without link
    targets, inline code and HTML tags, which are not read as prose)."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return [" ".join(s.split()) for s in re.split(r"(?<=[.!?:])\s+|\n\s*\n|\n\s*[-*]\s", text)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_meaning_is_carried_by_colour_alone(path: Path) -> None:
    prose = [text for text in markdown_cells(path) if '<a id="ref-' not in text]  # not sources
    bad = [sentence for text in prose for sentence in sentences(text)
           if COLOUR.search(NOT_A_COLOUR.sub("", sentence)) and not OTHER_CUE.search(sentence)]
    assert not bad, ("these sentences name a colour and no other cue (a legend, label, "
                     "position or pattern):\n" + "\n".join(s[:200] for s in bad))
