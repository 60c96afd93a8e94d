"""The student copy built by tools/make_student_release.py holds no answers and no dead links."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from conftest import ROOT, SOLUTIONS

from stemimmune.engine.quizzes import load_quiz_file

sys.path.insert(0, str(ROOT / "tools"))
import make_student_release  # noqa: E402

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)
MARKDOWN_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
HTML_LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']""")
TOP_LEVEL = {".git", ".gitignore", "README.md", "notebooks", "exercises", "data", "quizzes",
             "stemimmune", "jupyter-settings", "pyproject.toml", "environment.yml",
             "requirements.txt", "LICENSE",
             "CITATION.cff", "references.bib", "postBuild"}


def normalised(text: str) -> str:
    """Text with every run of whitespace made one space, so re-wrapping hides nothing."""
    return " ".join(text.split())


def notebook_text(path: Path) -> str:
    """Every string in a notebook (sources, outputs, widget state) joined into one text."""
    strings: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, list):
            for item in node:
                collect(item)
        elif isinstance(node, dict):
            for value in node.values():
                collect(value)

    collect(nbformat.read(path, as_version=4))
    return "\n".join(strings)


def file_text(path: Path) -> str | None:
    """The text of a file as a reader would see it, or None for a binary file."""
    if path.suffix == ".ipynb":
        return notebook_text(path)
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        return None


def course_files(folder: Path) -> list[Path]:
    """Every file in a folder, leaving out git's own."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts)


def solution_answers() -> list[str]:
    """The answer of every solution notebook: code between the markers, and written answers."""
    answers = []
    for path in SOLUTIONS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
                answers.append(normalised(cell.source))
            answers += [normalised(region) for region in SOLUTION_REGION.findall(cell.source)]
    return [answer for answer in answers if answer]


def answer_only_lines() -> set[str]:
    """Solution lines that appear nowhere in the course except in solutions/."""
    shared = "\n".join(normalised(text) for folder in ("notebooks", "exercises", "stemimmune")
                       for path in course_files(ROOT / folder)
                       if (text := file_text(path)) is not None)
    lines = {normalised(line) for path in SOLUTIONS
             for cell in nbformat.read(path, as_version=4).cells
             for region in SOLUTION_REGION.findall(cell.source)
             for line in region.splitlines()}
    return {line for line in lines if line and line not in shared}


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "course-student"
    return make_student_release.build_release(ROOT, out, make_zip=True)


@pytest.fixture(scope="module")
def release_texts(release: Path) -> dict[Path, str]:
    return {path: text for path in course_files(release)
            if (text := file_text(path)) is not None}


def test_release_holds_what_learners_need_and_nothing_else(release):
    assert {p.name for p in release.iterdir()} == TOP_LEVEL
    for folder in ("notebooks", "data", "quizzes", "stemimmune"):
        wanted = {p.relative_to(ROOT) for p in course_files(ROOT / folder)
                  if "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}
        got = {p.relative_to(release) for p in course_files(release / folder)}
        assert got == wanted, folder


def test_no_solution_file_or_instructor_note_is_inside(release):
    names = [p.relative_to(release) for p in course_files(release)]
    assert not [n for n in names if "solutions" in n.parts or n.parts[0] in ("docs", "tests",
                                                                            "tools")]
    assert not [n for n in names if "instructor" in str(n).lower()]
    private = {p.read_bytes() for folder in ("solutions", "docs")
               for p in course_files(ROOT / folder)}
    assert not [n for n in names if (release / n).read_bytes() in private]


def test_no_solution_code_or_written_answer_is_inside(release_texts):
    answers = solution_answers()
    assert answers, "no solution regions found in solutions/"
    unique_lines = answer_only_lines()
    for path, text in release_texts.items():
        flat = normalised(text)
        leaked = [a for a in answers if a in flat] + [line for line in unique_lines
                                                      if line in flat]
        assert not leaked, f"{path.name} holds solution text: {leaked[:3]}"


def test_no_mention_of_solutions_or_instructor_guide(release, release_texts):
    assert make_student_release.leftover_mentions(release) == []
    for path, text in release_texts.items():
        assert "instructor-guide" not in text, path
        if path.suffix in (".ipynb", ".md", ".toml") and "exercises" not in path.parts:
            assert not re.search(r"solutions/|worked answers:", text), path


def link_targets(path: Path) -> list[str]:
    """Relative links in a Markdown file, or in a notebook's Markdown cells and HTML output."""
    if path.suffix == ".md":
        texts = [path.read_text("utf-8")]
    else:
        nb = nbformat.read(path, as_version=4)
        texts = [c.source for c in nb.cells if c.cell_type == "markdown"]
        texts += [o.get("data", {}).get("text/html", "") for c in nb.cells
                  for o in c.get("outputs", [])]
    targets = [t for text in texts for pattern in (MARKDOWN_LINK, HTML_LINK)
               for t in pattern.findall(text)]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]


def test_every_link_leads_to_a_file_in_the_release(release):
    pages = [p for p in course_files(release) if p.suffix in (".md", ".ipynb")]
    broken = []
    for page in pages:
        for target in link_targets(page):
            file_part = unquote(target.split("#")[0].split("?")[0])
            if not (page.parent / file_part).resolve().exists():
                broken.append(f"{page.relative_to(release)} -> {target}")
    assert not broken, broken


def test_exercises_are_identical_to_the_course_exercises(release):
    wanted = {p.name: p.read_bytes() for p in (ROOT / "exercises").glob("*.ipynb")}
    got = {p.name: p.read_bytes() for p in (release / "exercises").glob("*.ipynb")}
    assert wanted and got == wanted


def test_reworded_quizzes_and_notebooks_still_load(release):
    for quiz in sorted((release / "quizzes").glob("*.toml")):
        load_quiz_file(quiz)
    for notebook in sorted((release / "notebooks").glob("*.ipynb")):
        nbformat.validate(nbformat.read(notebook, as_version=4))


def test_release_is_a_git_repository_with_one_clean_commit(release):
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=release, check=True, capture_output=True,
                              text=True).stdout.strip()

    assert git("rev-list", "--count", "HEAD") == "1"
    assert git("branch", "--show-current") == "main"
    assert git("status", "--porcelain") == ""
    tracked = set(git("ls-files").splitlines())
    assert tracked == {str(p.relative_to(release)) for p in course_files(release)}


def test_zip_holds_the_same_files_without_git(release):
    with zipfile.ZipFile(release.with_name(release.name + ".zip")) as zf:
        names = set(zf.namelist())
    assert names == {f"{release.name}/{p.relative_to(release)}" for p in course_files(release)}


def test_release_refuses_to_overwrite_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "keep.txt").write_text("someone's work")
    with pytest.raises(SystemExit, match="not a student copy"):
        make_student_release.build_release(ROOT, tmp_path)
    assert (tmp_path / "keep.txt").exists()
