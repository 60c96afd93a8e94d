"""The glossary defines every key term a lesson lists, and links to where each is taught.

A lesson's key terms are the bold terms in the ``**Key terms:**`` paragraph of its title
cell. A glossary entry is a paragraph (or list item) that starts with
``<a id="term-…"></a>**term**``; the bold text before the entry's first colon gives its names,
and a name with a part in parentheses also counts without it and as that part alone, so
``**hematopoietic stem cell (HSC)**`` answers to "hematopoietic stem cell" and "HSC".
Case, surrounding punctuation and a plural ending do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from anchors import broken_fragment_links, fragment_links, heading_anchor
from conftest import LESSONS, ROOT, read_notebook

GLOSSARY = ROOT / "notebooks" / "glossary.ipynb"
COURSE_MAP = "00-welcome.ipynb#Course-map"

KEY_TERMS = re.compile(r"\*\*Key terms:\*\*(.*?)(?:\n[ \t]*\n|\Z)", re.S)
BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
ENTRY = re.compile(r'^(?:[-*][ \t]+)?<a id="(term-[^"]+)"></a>(.*)', re.S)
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$", re.M)
LESSON_LINK = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
PUNCTUATION = " \t\n.,;:!?\"'()[]*_`"


# ---------------------------------------------------------------- names and key terms

def normalise(term: str) -> str:
    """Lower case, single spaces, no surrounding punctuation, last word made singular."""
    text = " ".join(term.replace("\u00a0", " ").split()).strip(PUNCTUATION + "()").lower()
    if "(" in text and text.count("(") > text.count(")"):
        text += ")"  # keep a closing parenthesis that belongs to the term: "… (hsc)"
    words = text.split(" ")
    last = words[-1]
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith(("ss", "sis", "us")) and len(last) > 3:
        last = last[:-1]
    return " ".join(words[:-1] + [last])


def forms(term: str) -> set[str]:
    """The ways a term can be written: whole, without its parentheses, and each
    parenthesised part alone ("hematopoietic stem cell (HSC)" → also "…cell" and "HSC")."""
    inside = re.findall(r"\(([^()]+)\)", term)
    outside = re.sub(r"\s*\([^()]*\)", "", term)
    return {normalise(t) for t in [term, outside, *inside] if t.strip(PUNCTUATION)}


def key_terms(nb: nbformat.NotebookNode) -> list[str]:
    """The bold terms of the ``**Key terms:**`` paragraph of a lesson's title cell."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            match = KEY_TERMS.search(cell.source)
            if not match:
                return []
            return [" ".join(t.split()) for t in BOLD.findall(match.group(1))]
    return []


def lesson_title(nb: nbformat.NotebookNode) -> str:
    """ "01 · Understanding stem cells" from the title heading (the part before a colon)."""
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if cell.cell_type == "markdown" and line.startswith("# "):
                return line[2:].split(":")[0].strip()
    return "?"


def where_taught(nb: nbformat.NotebookNode, term: str) -> tuple[str, str] | None:
    """(heading, anchor) of the first section after the title cell where the term is bold."""
    wanted = forms(term)
    heading = None
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.source.lstrip().startswith("# "):
            continue
        text = re.sub(r"`[^`\n]*`", "", cell.source)  # `**` in code is not bold
        position = 0
        for match in BOLD.finditer(text):
            for h in HEADING.finditer(text, position, match.start()):
                heading = h.group(2)
            position = match.start()
            if heading and forms(match.group(1)) & wanted:
                return heading, heading_anchor(heading)
        for h in HEADING.finditer(text, position):
            heading = h.group(2)
    return None


# ---------------------------------------------------------------- glossary entries

@dataclass
class Entry:
    anchor: str
    head: str
    names: set[str]
    text: str
    letter: str  # the "## X" group it sits under


def _head(body: str) -> str:
    """The entry's text up to its first colon outside bold: where its names are."""
    masked = BOLD.sub(lambda m: "x" * len(m.group(0)), body)
    colon = masked.find(":")
    return body if colon < 0 else body[:colon]


def glossary_entries(nb: nbformat.NotebookNode) -> list[Entry]:
    entries = []
    letter = ""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"\n[ \t]*\n|\n(?=[-*][ \t]+<a id=)", cell.source):
            block = block.strip()
            heading = HEADING.match(block)
            if heading and len(heading.group(1)) == 2:
                letter = heading.group(2).strip()
                continue
            match = ENTRY.match(block)
            if not match:
                continue
            anchor, body = match.groups()
            head = _head(body)
            names = set().union(*(forms(t) for t in BOLD.findall(head))) if BOLD.search(
                head) else set()
            first = BOLD.search(body)
            entries.append(Entry(anchor, first.group(1) if first else body[:40], names,
                                 body, letter))
    return entries


@pytest.fixture(scope="module")
def glossary() -> nbformat.NotebookNode:
    assert GLOSSARY.exists(), "write notebooks/glossary.ipynb"
    return read_notebook(GLOSSARY)


@pytest.fixture(scope="module")
def entries(glossary) -> list[Entry]:
    found = glossary_entries(glossary)
    assert found, 'no entries: start each with <a id="term-…"></a>**term**'
    return found


# ---------------------------------------------------------------- the helpers themselves

@pytest.mark.parametrize("term, expected", [
    ("CD4 T cells", {"cd4 t cell"}),
    ("hematopoietic stem cell (HSC)", {"hematopoietic stem cell (hsc)",
                                       "hematopoietic stem cell", "hsc"}),
    ("induced pluripotent stem (iPS) cell", {"induced pluripotent stem (ips) cell",
                                             "induced pluripotent stem cell", "ips"}),
    ("**percentage points**,", {"percentage point"}),
    ("meta-analysis", {"meta-analysis"}),
    ("progenitors", {"progenitor"}),
])
def test_forms_cover_abbreviations_plurals_and_punctuation(term, expected):
    assert forms(term) == expected


def test_key_terms_are_read_from_the_title_cell_only():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "# 99 · Test\n\n**Time:** 5 min.\n\n**Key terms:** **stem cell**, **graft-versus-host"
            "\ndisease (GVHD)** (**acute** and **chronic**).\n\n*Not medical advice.*"),
        nbformat.v4.new_markdown_cell("## 1. One\n\nA **stem cell** and **other** bold.")])
    assert key_terms(nb) == ["stem cell", "graft-versus-host disease (GVHD)", "acute", "chronic"]
    assert where_taught(nb, "stem cells") == ("1. One", "1.-One")


def test_glossary_entry_names_come_from_the_bold_text_before_the_colon():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        '## A\n\n<a id="term-acute"></a>**acute** and **chronic** (of GVHD): about **time**.\n\n'
        '- <a id="term-anc"></a>**absolute neutrophil count (ANC)**: a count.')])
    found = glossary_entries(nb)
    assert [e.anchor for e in found] == ["term-acute", "term-anc"]
    assert found[0].names == {"acute", "chronic"} and found[0].letter == "A"
    assert "anc" in found[1].names


# ---------------------------------------------------------------- the course's glossary

LESSON_TERMS = [(lesson, term) for lesson in LESSONS for term in key_terms(read_notebook(lesson))]


def _suggestion(lesson: Path, term: str) -> str:
    nb = read_notebook(lesson)
    place = where_taught(nb, term)
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"\s*\(.*?\)", "", term).lower()).strip("-")
    link = (f"[{lesson_title(nb)}, section {place[0].split('.')[0]}]({lesson.name}#{place[1]})"
            if place else f"[{lesson_title(nb)}, section N]({lesson.name}#<heading-anchor>)")
    return (f'<a id="term-{slug}"></a>**{term}**: <a plain-words definition>. '
            f"Taught in {link}.")


@pytest.mark.parametrize("lesson, term", LESSON_TERMS,
                         ids=[f"{p.stem[:2]}:{t}" for p, t in LESSON_TERMS])
def test_every_key_term_is_in_the_glossary_and_links_to_its_lesson(entries, lesson, term):
    wanted = forms(term)
    matches = [e for e in entries if e.names & wanted]
    letter = normalise(term)[:1].upper()
    assert matches, (
        f"Lesson {lesson.name} lists the key term '{term}', but notebooks/glossary.ipynb has "
        f"no entry for it. Add under '## {letter}', in alphabetical order:\n  "
        + _suggestion(lesson, term))
    linked = {file for e in matches for file, _ in fragment_links(e.text)}
    assert lesson.name in linked, (
        f"Lesson {lesson.name} lists the key term '{term}': the glossary entry "
        f"'{matches[0].head}' (#{matches[0].anchor}) should also link to the section of "
        f"{lesson.name} that defines it, for example:\n  " + _suggestion(lesson, term))


def test_glossary_title_intro_and_course_map_links(glossary):
    cells = [c for c in glossary.cells if c.cell_type == "markdown"]
    assert cells[0].source.startswith("# Glossary") or cells[1].source.startswith("# Glossary")
    intro = "\n".join(c.source for c in cells[:2])
    assert "not medical advice" in intro, "say in the intro: education, not medical advice"
    assert COURSE_MAP in intro, f"link back to the course map ({COURSE_MAP}) at the top"
    assert COURSE_MAP in cells[-1].source, f"link back to the course map ({COURSE_MAP}) at the end"
    assert not [c for c in glossary.cells if c.cell_type == "code" and c.source.strip()]


def test_entries_sit_under_their_letter_in_alphabetical_order(entries):
    keys = [normalise(e.head) for e in entries]
    for entry, key in zip(entries, keys):
        assert entry.letter == key[0].upper(), (
            f"'{entry.head}' belongs under '## {key[0].upper()}', not '## {entry.letter}'")
    out_of_order = [(a, b) for a, b in zip(keys, keys[1:]) if a > b]
    assert not out_of_order, f"entries out of alphabetical order: {out_of_order}"


def test_entry_anchors_are_unique_and_every_entry_links_to_a_lesson_section(entries):
    anchors = [e.anchor for e in entries]
    assert len(anchors) == len(set(anchors)), "two entries share an anchor"
    for entry in entries:
        sections = [(f, frag) for f, frag in fragment_links(entry.text)
                    if LESSON_LINK.match(f) and frag]
        assert sections, (f"the entry '{entry.head}' needs a link to the lesson section that "
                          "teaches it, such as [01 · Understanding stem cells, section 2]"
                          "(01-understanding-stem-cells.ipynb#2.-The-potency-ladder)")


def test_every_glossary_link_lands_on_a_notebook_and_anchor_that_exist():
    problems = broken_fragment_links(GLOSSARY)
    assert not problems, "broken links in the glossary:\n  " + "\n  ".join(problems)
