"""Real nbgrader grades every exercise: full marks, zero, and a partial score.

One nbgrader course folder in a temporary directory holds every exercise as an assignment
(``source/<NN-slug>/<NN-slug>.ipynb``, copied from solutions/). The test runs the real
``nbgrader generate_assignment`` and ``nbgrader autograde`` command lines on three learners'
submissions of each: the worked solution, the untouched exercise, and one with only the first
answer cell filled in. Scores are read back from the gradebook with nbgrader's API.

nbgrader runs each submission in ``autograded/<student>/<assignment>/``, so a notebook's
``../data/…`` means ``autograded/<student>/data``. An instructor keeps one copy of the
course's ``data/`` in the course folder and links it there for each student before
autograding (docs/jupyterhub.md); this test does the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, SOLUTIONS
from nbgrader.api import Gradebook

STUDENTS = ("answered", "unanswered", "half")
NBGRADER = Path(sys.executable).parent / "nbgrader"
ASSIGNMENTS = [path.stem for path in SOLUTIONS]


def nbgrader_info(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def answers_of(solution: Path) -> dict[str, str]:
    """The source of every answer cell of a solution notebook, by its grade id."""
    return {nbgrader_info(c)["grade_id"]: c.source
            for c in nbformat.read(solution, as_version=4).cells
            if nbgrader_info(c).get("solution")}


def submission(released: Path, solution: Path, student: str) -> nbformat.NotebookNode:
    """A learner's notebook: every answer filled in, none, or only the first one."""
    nb = nbformat.read(released, as_version=4)
    answers = answers_of(solution)
    answer_cells = [c for c in nb.cells if nbgrader_info(c).get("solution")]
    filled = {"answered": answer_cells, "unanswered": [], "half": answer_cells[:1]}[student]
    for cell in filled:
        cell.source = answers[nbgrader_info(cell)["grade_id"]]
    return nb


def expected_auto_scores(solution: Path, answered: int) -> dict[str, float | None]:
    """What autograding should give each graded cell when the first ``answered`` answer cells
    are filled in: a code check passes once every answer above it is filled in; a written
    answer scores 0 when left blank and waits for a person (None) when written."""
    expected: dict[str, float | None] = {}
    seen = 0
    for cell in nbformat.read(solution, as_version=4).cells:
        info = nbgrader_info(cell)
        if info.get("solution"):
            seen += 1
        if not info.get("grade"):
            continue
        points = float(info["points"])
        if info.get("solution"):  # a written answer: graded by hand
            expected[info["grade_id"]] = None if seen <= answered else 0.0
        else:
            expected[info["grade_id"]] = points if seen <= answered else 0.0
    return expected


def run_nbgrader(course: Path, *args: str) -> None:
    env = {**os.environ, "PATH": f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([str(NBGRADER), *args], cwd=course, env=env, capture_output=True,
                            text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An nbgrader course folder after generate_assignment and autograde have run."""
    course = tmp_path_factory.mktemp("nbgrader-course")
    config = (ROOT / "nbgrader_config.py").read_text("utf-8")
    (course / "nbgrader_config.py").write_text(
        config + "\n# The test's own course folder and gradebook\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = {('sqlite:///' + str(course / 'gradebook.db'))!r}\n"
        "c.Execute.timeout = 600\n", "utf-8")
    for solution in SOLUTIONS:
        (course / "source" / solution.stem).mkdir(parents=True)
        shutil.copy(solution, course / "source" / solution.stem / solution.name)
    run_nbgrader(course, "generate_assignment", "*", "--create")

    shutil.copytree(ROOT / "data", course / "data")
    for student in STUDENTS:
        for solution in SOLUTIONS:
            released = course / "release" / solution.stem / solution.name
            folder = course / "submitted" / student / solution.stem
            folder.mkdir(parents=True)
            nbformat.write(submission(released, solution, student), folder / solution.name)
        (course / "autograded" / student).mkdir(parents=True)
        (course / "autograded" / student / "data").symlink_to(Path("..", "..", "data"))
    run_nbgrader(course, "autograde", "*", "--create")
    return course


def auto_scores(course: Path, assignment: str, student: str) -> dict[str, float | None]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(assignment, assignment, student)
        return {grade.name: grade.auto_score for grade in notebook.grades}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_releases_exactly_the_committed_exercise(course, assignment):
    released = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", 4)
    committed = nbformat.read(ROOT / "exercises" / f"{assignment}.ipynb", 4)
    released.metadata.pop("widgets", None)
    assert released == committed


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_worked_solution_gets_full_marks(course, assignment):
    solution = ROOT / "solutions" / f"{assignment}.ipynb"
    scores = auto_scores(course, assignment, "answered")
    assert scores == expected_auto_scores(solution, answered=len(answers_of(solution)))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_submission_notebook(assignment, assignment, "answered")
        for grade in notebook.grades:
            if grade.auto_score is None:  # a written answer: the instructor marks it by hand
                grade.manual_score = grade.max_score
        gb.db.commit()
        assert notebook.score == notebook.max_score > 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_exercise_gets_zero(course, assignment):
    scores = auto_scores(course, assignment, "unanswered")
    assert scores and set(scores.values()) == {0.0}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_first_answer_only_gets_the_marks_of_the_checks_it_passes(course, assignment):
    solution = ROOT / "solutions" / f"{assignment}.ipynb"
    scores = auto_scores(course, assignment, "half")
    assert scores == expected_auto_scores(solution, answered=1)
    total = sum(score or 0.0 for score in scores.values())
    full = sum(float(nbgrader_info(c)["points"]) for c in
               nbformat.read(solution, as_version=4).cells if nbgrader_info(c).get("grade"))
    assert total > 0
    if len(answers_of(solution)) > 1:  # with one answer cell, "the first" is all of it
        assert total < full
