"""Rewrite the generated parts of the course from the list of lessons and the bibliography.

Run from the course folder:

    python tools/update_generated.py          # rewrite what is out of date
    python tools/update_generated.py --check  # only report; exit 1 if anything is stale

What it writes (each a cell marked with a tag in its metadata, so authors never edit it):

* ``nav-top`` / ``nav-bottom`` cells: previous / course map / next links in every lesson, and
  at the top the month its science was last checked (metadata ``stemimmune.science_checked``);
* ``nav-exercise`` cells: the link from an exercise back to its lesson;
* ``course-map`` cell in the welcome notebook: a table of lessons, times and exercises;
* ``references`` cells: the reference list for the sources the notebook cites;
* ``notebooks/references.ipynb``: the whole bibliography, each source with the notebooks and
  data sets that cite it;
* the lesson table in README.md, between its ``course-table`` markers.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stemimmune.engine.authoring import (  # noqa: E402
    anchor_tag,
    cited_keys,
    format_references,
    load_bibliography,
    retag,
)

README_START, README_END = "<!-- course-table:start -->", "<!-- course-table:end -->"
WELCOME = "00-welcome.ipynb"
GLOSSARY = "glossary.ipynb"
REFERENCES = "references.ipynb"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
CHECKED = re.compile(r"^20\d\d-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Lesson:
    """A lesson notebook as the course map lists it."""

    path: Path
    title: str
    minutes: int
    science_checked: str

    @property
    def checked_month(self) -> str:
        """ "December 2026" from the metadata value "2026-12"."""
        year, month = self.science_checked.split("-")
        return f"{MONTHS[int(month) - 1]} {year}"

    @property
    def number(self) -> str:
        return self.path.name[:2]

    @property
    def has_exercise(self) -> bool:
        return (self.path.parent.parent / "solutions" / self.path.name).exists()


def read_lesson(path: Path) -> Lesson:
    """Title from the first ``# `` heading; time from metadata ``stemimmune.minutes``; the
    month its science was last checked from ``stemimmune.science_checked`` ("YYYY-MM")."""
    nb = nbformat.read(path, as_version=4)
    title = next(line[2:].strip() for cell in nb.cells if cell.cell_type == "markdown"
                 for line in cell.source.splitlines() if line.startswith("# "))
    meta = nb.metadata.get("stemimmune", {})
    minutes = int(meta.get("minutes", 0))
    if not minutes:
        raise SystemExit(f"{path.name}: set metadata stemimmune.minutes (time for a learner)")
    checked = str(meta.get("science_checked", ""))
    if not CHECKED.match(checked):
        raise SystemExit(f"{path.name}: set metadata stemimmune.science_checked to the month "
                         "its facts were last checked against their sources, as YYYY-MM")
    return Lesson(path, title, minutes, checked)


def lessons(root: Path = ROOT) -> list[Lesson]:
    """Every lesson in ``notebooks/``, in course order (by file name)."""
    return [read_lesson(p) for p in sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))]


def short_title(lesson: Lesson) -> str:
    """ "01 · Understanding stem cells" from the heading "01 · Understanding stem cells: …"."""
    return lesson.title.split(":")[0]


def nav_line(course: list[Lesson], index: int) -> str:
    parts = []
    if index > 0:
        prev = course[index - 1]
        parts.append(f"[← Previous: {short_title(prev)}]({prev.path.name})")
    parts.append(f"[Course map]({WELCOME}#Course-map)")
    parts.append(f"[Glossary]({GLOSSARY})")
    if index + 1 < len(course):
        nxt = course[index + 1]
        parts.append(f"[Next: {short_title(nxt)} →]({nxt.path.name})")
    return " | ".join(parts)


def nav_top(course: list[Lesson], index: int) -> str:
    """The navigation line, then the month the lesson's science was last checked."""
    return (nav_line(course, index) + "\n\n"
            f"*Science checked: {course[index].checked_month}.* Every number in this lesson "
            "was compared with its source that month; see the references at the end.")


def nav_bottom(course: list[Lesson], index: int) -> str:
    lesson = course[index]
    text = nav_line(course, index)
    if lesson.has_exercise:
        name = lesson.path.name
        text = (f"**Exercise:** [exercises/{name}](../exercises/{name}) "
                f"(worked answers: [solutions/{name}](../solutions/{name}))\n\n" + text)
    return text


def course_map(course: list[Lesson]) -> str:
    rows = ["## Course map", "",
            "| # | Lesson | Time | Exercise |", "|---|---|---|---|"]
    for lesson in course:
        exercise = (f"[exercise](../exercises/{lesson.path.name})" if lesson.has_exercise
                    else "—")
        rows.append(f"| {lesson.number} | [{short_title(lesson)[5:]}]({lesson.path.name}) "
                    f"| {lesson.minutes} min | {exercise} |")
    total = sum(lesson.minutes for lesson in course)
    rows += ["", f"Altogether about {total // 60} h {total % 60:02d} min of lessons, "
                 "plus the exercises.", "",
             f"Look a word up in the [glossary]({GLOSSARY}): every key term of the lessons, "
             f"in plain words, with a link to where it is taught. The [references]({REFERENCES})"
             " list every source the course cites, with the lessons that cite it."]
    return "\n".join(rows)


def readme_table(course: list[Lesson]) -> str:
    rows = ["| # | Lesson | Time | Exercise | Science checked |", "|---|---|---|---|---|"]
    for lesson in course:
        exercise = (f"[exercise](exercises/{lesson.path.name}) · "
                    f"[solution](solutions/{lesson.path.name})" if lesson.has_exercise else "—")
        rows.append(f"| {lesson.number} | [{short_title(lesson)[5:]}]"
                    f"(notebooks/{lesson.path.name}) | {lesson.minutes} min | {exercise} "
                    f"| {lesson.checked_month} |")
    return "\n".join(rows)


def references_cell(nb: nbformat.NotebookNode, bib, tag: str) -> str:
    text = "\n".join(c.source for c in nb.cells
                     if c.cell_type == "markdown" and "references" not in _tags(c))
    keys = cited_keys(text)
    lines = format_references(bib, keys, tag)
    return "## References\n\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def citing_places(root: Path) -> dict[str, list[tuple[str, str]]]:
    """For each bibliography key, the (label, link) of every notebook and data set citing it,
    as seen from ``notebooks/``."""
    places: dict[str, list[tuple[str, str]]] = {}
    for folder, prefix in (("notebooks", ""), ("solutions", "../solutions/")):
        for path in sorted((root / folder).glob("*.ipynb")):
            if path.name == REFERENCES:
                continue
            nb = nbformat.read(path, as_version=4)
            text = "\n".join(c.source for c in nb.cells
                             if c.cell_type == "markdown" and "references" not in _tags(c))
            label = f"lesson {path.name[:2]}" if path.name[:2].isdigit() else path.stem
            if folder == "solutions":
                label = f"solution {path.name[:2]}"
            for key in cited_keys(text):
                places.setdefault(key, []).append(
                    (label, f"{prefix}{path.name}#ref-{anchor_tag(path)}-{key}"))
    package = json.loads((root / "data" / "datapackage.json").read_text("utf-8"))
    for resource in package["resources"]:
        for source in resource.get("sources", []):
            key = source.get("citation")
            if key:
                places.setdefault(key, []).append(
                    (f"data: {resource['path']}", f"../data/{resource['path']}"))
    return places


def references_page(root: Path, bib) -> str:
    """The text of ``notebooks/references.ipynb``: every entry of ``references.bib``."""
    keys = sorted(bib.entries, key=str.lower)
    places = citing_places(root)
    lines = []
    lines_of = format_references(bib, keys, anchor_tag(root / "notebooks" / REFERENCES))
    for number, (key, line) in enumerate(zip(keys, lines_of), 1):
        cited_in = dict.fromkeys(places.get(key, []))
        where = ", ".join(f"[{label}]({link})" for label, link in cited_in)
        lines.append(f"{number}. {line}" + (f" *Cited in:* {where}." if where else ""))
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"[Course map]({WELCOME}#Course-map) | [Glossary]({GLOSSARY})\n\n"
            "# References\n\n"
            f"Every source the course cites: {len(keys)} articles, guidelines and agency pages, "
            "in the alphabetical order of their citation keys. Each entry links to its DOI or "
            "PubMed record where it has one, and lists the lessons, worked solutions and data "
            "tables that cite it; the link takes you to that notebook's own reference list.\n\n"
            "This page is made from the course's bibliography file, `references.bib`, by "
            "`python tools/update_generated.py`: do not edit it by hand.\n\n"
            "*This course is education, not medical advice.*"),
        nbformat.v4.new_markdown_cell("\n".join(lines)),
        nbformat.v4.new_markdown_cell(f"[Course map]({WELCOME}#Course-map) | "
                                      f"[Glossary]({GLOSSARY})"),
    ]
    for index, cell in enumerate(nb.cells):
        cell.id = f"references-{index}"
    # The glossary's language details (it is executed like the lessons), so that opening the
    # page, which starts a kernel, does not mark it changed and autosave does not rewrite it.
    glossary = nbformat.read(root / "notebooks" / GLOSSARY, as_version=4)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                  "name": "python3"},
                   "language_info": glossary.metadata.get("language_info", {"name": "python"})}
    return nbformat.writes(nb) + "\n"


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _set_tagged(nb, tag: str, source: str) -> None:
    for cell in nb.cells:
        if tag in _tags(cell):
            cell.source = source


def update_notebook(path: Path, course: list[Lesson], bib) -> str | None:
    """Rewrite one notebook's generated cells; return the new text if it changed."""
    nb = nbformat.read(path, as_version=4)
    names = [lesson.path.name for lesson in course]
    if path.parent.name == "notebooks" and path.name in names:
        index = names.index(path.name)
        _set_tagged(nb, "nav-top", nav_top(course, index))
        _set_tagged(nb, "nav-bottom", nav_bottom(course, index))
        _set_tagged(nb, "course-map", course_map(course))
    elif path.name in names:
        lesson = course[names.index(path.name)]
        _set_tagged(nb, "nav-exercise",
                    f"Exercise for lesson [{short_title(lesson)}](../notebooks/{path.name}). "
                    f"[Course map](../notebooks/{WELCOME}#Course-map)")
    tag = anchor_tag(path)
    for cell in nb.cells:  # citations get this notebook's tag (see anchor_tag)
        if cell.cell_type == "markdown" and "references" not in _tags(cell):
            cell.source = retag(cell.source, tag)
    _set_tagged(nb, "references", references_cell(nb, bib, tag))
    new = nbformat.writes(nb) + "\n"
    return new if new != path.read_text("utf-8") else None


def update_readme(path: Path, course: list[Lesson]) -> str | None:
    text = path.read_text("utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path.name} lacks the {README_START} … {README_END} markers")
    new = pattern.sub(lambda _: f"{README_START}\n{readme_table(course)}\n{README_END}", text)
    return new if new != text else None


def stale_files(root: Path = ROOT) -> dict[Path, str]:
    """Every file whose generated parts are out of date, with its new text."""
    course = lessons(root)
    bib = load_bibliography(root / "references.bib")
    changed: dict[Path, str] = {}
    for folder in ("notebooks", "solutions"):
        for path in sorted((root / folder).glob("*.ipynb")):
            new = update_notebook(path, course, bib)
            if new is not None:
                changed[path] = new
    page = root / "notebooks" / REFERENCES
    new_page = references_page(root, bib)
    if not page.exists() or page.read_text("utf-8") != new_page:
        changed[page] = new_page
    readme = update_readme(root / "README.md", course)
    if readme is not None:
        changed[root / "README.md"] = readme
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files; change none")
    args = parser.parse_args(argv)
    changed = stale_files()
    for path, text in changed.items():
        rel = path.relative_to(ROOT)
        if args.check:
            print(f"out of date: {rel}")
        else:
            path.write_text(text, "utf-8")
            print(f"updated: {rel}")
    if args.check and changed:
        print("Run: python tools/update_generated.py")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
