"""Generated parts stay generated: navigation, references, README table and exercises."""

from __future__ import annotations

import re
import sys

import nbformat
import pytest
from conftest import EXERCISES, ROOT, SOLUTIONS, read_notebook
from nbclient import NotebookClient

sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402
import update_generated  # noqa: E402

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


def test_navigation_course_map_references_and_readme_are_up_to_date():
    stale = update_generated.stale_files(ROOT)
    assert not stale, f"run python tools/update_generated.py: {sorted(map(str, stale))}"


def test_exercises_are_exactly_what_solutions_generate():
    stale = make_exercises.stale_exercises(ROOT)
    assert not stale, f"run python tools/make_exercises.py: {sorted(map(str, stale))}"


def test_every_solution_has_an_exercise():
    assert [p.name for p in SOLUTIONS] == [p.name for p in EXERCISES]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_no_solution_line_leaks_into_the_exercise(solution):
    exercise = (ROOT / "exercises" / solution.name).read_text()
    answers = [line.strip() for cell in read_notebook(solution).cells
               if cell.cell_type == "code"
               for region in SOLUTION_REGION.findall(cell.source)
               for line in region.splitlines() if line.strip()]
    assert answers, "a solution notebook without solution markers"
    leaked = [line for line in answers if line in exercise]
    assert not leaked, f"solution lines found in the exercise: {leaked}"
    assert "BEGIN SOLUTION" not in exercise


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_exercise_uses_nbgrader_metadata(exercise):
    nb = read_notebook(exercise)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert graded and answers
    assert all(c.metadata["nbgrader"].get("points") for c in graded)
    # code answers raise NotAnswered; written (Markdown) answers show nbgrader's text stub
    assert all("raise NotAnswered()" in c.source for c in answers if c.cell_type == "code")
    assert all(c.source.strip() == "YOUR ANSWER HERE"
               for c in answers if c.cell_type == "markdown")
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda p: p.stem)
def test_unanswered_exercise_says_not_answered_yet(exercise):
    """Runs cleanly up to the first answer cell; each check then reports it plainly."""
    nb = read_notebook(exercise)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(exercise.parent)}}).execute()
    first_answer = next(i for i, c in enumerate(nb.cells)
                        if c.metadata.get("nbgrader", {}).get("solution"))
    for cell in nb.cells[:first_answer]:
        assert not any(o.output_type == "error" for o in cell.get("outputs", []))
    for cell in nb.cells:
        # a written answer (Markdown) is graded by hand: only code checks can report errors
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert errors, "a check passed on an unanswered exercise"
            shown = "\n".join(errors[0].traceback)
            assert "Not answered yet" in shown, shown
            assert "Traceback" not in shown and "File " not in shown
            assert errors[0].ename == "CheckFailed"


def test_exercise_text_matches_nbformat():
    for path in EXERCISES:
        nbformat.validate(read_notebook(path))


@pytest.mark.parametrize("lesson", update_generated.lessons(ROOT), ids=lambda lesson: lesson.number)
def test_each_lesson_shows_when_its_science_was_checked(lesson):
    nb = read_notebook(lesson.path)
    top = nb.cells[0].source
    assert f"*Science checked: {lesson.checked_month}.*" in top
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"| {lesson.checked_month} |" in readme
