"""docs/instructor-guide.md stays true to the lessons it describes.

* every numbered lesson in notebooks/ has its own ``## NN · …`` heading in the guide, and a row
  in the timing table whose lesson time is the notebook's ``stemimmune.minutes``;
* every quiz id the guide names (a backticked lower-case name with hyphens, such as
  ``two-properties``) exists in quizzes/*.toml; the same pattern may also name an exercise's
  nbgrader ``grade_id``, which must then exist in solutions/;
* every lesson section names at least one question of its own quiz file;
* every relative link points at a file that exists, and every ``#anchor`` into a notebook
  lands on a heading or an ``<a id>`` there (the same rules as tests/anchors.py);
* every citation written ``(lesson 03, section 5; Burt et al. 2019)`` names a section that
  exists, cites only sources that section cites, and the numbers just before it appear in
  that section.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from anchors import heading_text, link_targets, notebook_anchors
from conftest import LESSONS, QUIZ_FILES, ROOT, SOLUTIONS

GUIDE_PATH = ROOT / "docs" / "instructor-guide.md"
GUIDE = GUIDE_PATH.read_text("utf-8")
NAME = re.compile(r"`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`")
CITATION = re.compile(r"\(lesson (\d\d), section (\d+)((?:; [^;()]+)*)\)")
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")


def lesson_number(path: Path) -> str:
    return path.name[:2]


def quiz_ids_by_file() -> dict[str, set[str]]:
    """Question ids of each quiz file, by the file's two-digit number."""
    ids = {}
    for path in QUIZ_FILES:
        questions = tomllib.loads(path.read_text("utf-8"))["questions"]
        ids[path.name[:2]] = {q["id"] for q in questions}
    return ids


def grade_ids() -> set[str]:
    ids = set()
    for path in SOLUTIONS:
        for cell in nbformat.read(path, as_version=4).cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id:
                ids.add(grade_id)
    return ids


def lesson_sections() -> dict[str, str]:
    """The guide's text under each ``## NN ·`` heading, up to the next ``## `` heading."""
    parts = re.split(r"^(## .*)$", GUIDE, flags=re.M)
    sections = {}
    for heading, body in zip(parts[1::2], parts[2::2]):
        match = re.match(r"## (\d\d) ·", heading)
        if match:
            sections[match.group(1)] = body
    return sections


def timing_rows() -> dict[str, str]:
    """Lesson number -> the time cell of the guide's timing table (header: 'Lesson time')."""
    rows: dict[str, str] = {}
    in_table = False
    header: list[str] = []
    for line in GUIDE.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and "Lesson time" in line:
            in_table, header = True, cells
            continue
        if in_table and not line.startswith("|"):
            break
        if in_table and re.fullmatch(r"\d\d", cells[0]):
            rows[cells[0]] = cells[header.index("Lesson time")]
    return rows


@cache
def notebook_section(number: str, section: str) -> str:
    """Markdown of one lesson section, from its ``## S.`` heading to the next ``## ``."""
    path = next(p for p in LESSONS if lesson_number(p) == number)
    text = "\n\n".join(c.source for c in nbformat.read(path, as_version=4).cells
                       if c.cell_type == "markdown")
    parts = re.split(r"^(## .*)$", text, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2]):
        if heading.startswith(f"## {section}. "):
            return heading + body
    return ""


def test_every_lesson_has_its_own_heading():
    missing = [p.name for p in LESSONS if lesson_number(p) not in lesson_sections()]
    assert not missing, ("docs/instructor-guide.md has no '## NN · …' heading for: "
                         + ", ".join(missing))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_lesson_time_in_the_table_matches_the_notebook(path):
    minutes = nbformat.read(path, as_version=4).metadata["stemimmune"]["minutes"]
    rows = timing_rows()
    number = lesson_number(path)
    assert number in rows, (f"the guide's timing table (header 'Lesson time') has no row for "
                            f"lesson {number}")
    assert rows[number] == f"{minutes} min", (
        f"the guide gives lesson {number} {rows[number]!r}; the notebook's metadata "
        f"stemimmune.minutes says {minutes} min")


def test_every_quiz_id_named_exists():
    known_quiz = set().union(*quiz_ids_by_file().values())
    unknown = sorted(set(NAME.findall(GUIDE)) - known_quiz - grade_ids())
    assert not unknown, ("the guide names these as quiz ids (or grade ids), but no quiz file "
                         "in quizzes/ and no solution in solutions/ has them: "
                         + ", ".join(unknown))


@pytest.mark.parametrize("number", sorted(quiz_ids_by_file()))
def test_each_lesson_section_names_questions_of_its_own_quiz(number):
    body = lesson_sections().get(number, "")
    own = quiz_ids_by_file()[number]
    assert own & set(NAME.findall(body)), (
        f"the guide's section '## {number} · …' names none of the questions in "
        f"quizzes/{number}-*.toml")


def test_every_relative_link_and_anchor_resolves():
    problems = []
    for target in link_targets(GUIDE):
        if "://" in target or target.startswith("mailto:"):
            continue
        file, _, fragment = target.partition("#")
        if not file:
            problems.append(f"#{fragment}: anchors inside this guide differ between GitHub "
                            "and JupyterLab; name the section in words instead")
            continue
        path = (GUIDE_PATH.parent / unquote(file)).resolve()
        if not path.exists():
            problems.append(f"{target}: {file} does not exist")
            continue
        if not fragment:
            continue
        if path.suffix != ".ipynb":
            problems.append(f"{target}: only anchors into notebooks can be checked; link the "
                            "file without '#'")
        elif unquote(fragment) not in notebook_anchors(path):
            problems.append(f"{target}: no such anchor in {file}")
    assert not problems, "broken links in docs/instructor-guide.md:\n  " + "\n  ".join(problems)


def claims_with_citations() -> list[tuple[str, str, str, list[str]]]:
    """(claim, lesson, section, cited sources) for each '(lesson NN, section S; …)'."""
    found = []
    for match in CITATION.finditer(GUIDE):
        before = GUIDE[:match.start()]
        start = max(before.rfind(c) for c in (". ", ".\n", "? ", "?\n", ")", "*", "\n\n"))
        claim = " ".join(before[start + 1:].split())
        sources = [s.strip() for s in match.group(3).split(";") if s.strip()]
        found.append((claim, match.group(1), match.group(2), sources))
    return found


def test_citations_name_real_sections_their_sources_and_their_numbers():
    problems = []
    for claim, lesson, section, sources in claims_with_citations():
        where = f"(lesson {lesson}, section {section})"
        text = notebook_section(lesson, section)
        if not text:
            problems.append(f"{where}: lesson {lesson} has no section {section}")
            continue
        cited = {heading_text(label) for label in re.findall(r"\[([^\]]+)\]\(#ref-", text)}
        problems += [f"{where}: the section does not cite {s!r}" for s in sources
                     if s not in cited]
        problems += [f"{where}: {n!r} in “{claim}” is not stated in that section"
                     for n in NUMBER.findall(claim) if not re.search(
                         rf"(?<![\d.,]){re.escape(n)}(?![\d]|[.,]\d)", text)]
    assert claims_with_citations(), "the guide cites no lesson section in the agreed form"
    assert not problems, "\n".join(problems)
