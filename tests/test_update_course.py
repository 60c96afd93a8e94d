"""The update route in the README: `python3 tools/update_course.py` keeps the learner's work.

A copy of the course becomes an upstream repository; a learner clones it, runs a lesson (so
its outputs change), edits another notebook's Markdown, answers an exercise and creates a
file of their own. The course then changes the notebook the learner edited and one the
learner never opened. After the update the learner has both course changes, their edited
version is saved beside it as a -mine file, the run lesson and the answered exercise are
as they left them, and their own file is untouched. The usual problems give a plain
message and no traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "update_course.py"
COPIED = ("notebooks", "exercises", "data", "quizzes", "stemimmune", "tools")
SKIPPED = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.egg-info")

RUN = "notebooks/00-welcome.ipynb"  # the learner runs it; the course leaves it alone
EDITED = "notebooks/01-understanding-stem-cells.ipynb"  # learner and course both edit it
UNTOUCHED = "notebooks/glossary.ipynb"  # only the course edits it
EXERCISE = "exercises/01-understanding-stem-cells.ipynb"  # the learner answers it
OWN = "notebooks/my-notes.ipynb"  # the learner's own file, never tracked
LEARNER_NOTE = "My note: ask about cord blood banking."
ANSWER = "# my answer\nanswer = 'Replacement'\n"
COURSE_NOTE = "Course update: a corrected sentence."
GLOSSARY_NOTE = "Course update: a new glossary term."

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="Course", GIT_AUTHOR_EMAIL="course@example.org",
               GIT_COMMITTER_NAME="Course", GIT_COMMITTER_EMAIL="course@example.org",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", LANG="C")


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and no user configuration."""
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True,
                          capture_output=True, text=True).stdout


def run_update(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the learner's update command in ``cwd``, as the README gives it."""
    return subprocess.run([sys.executable, str(TOOL), *args], cwd=cwd, env=GIT_ENV,
                          capture_output=True, text=True, timeout=120)


def first_markdown(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook's first Markdown cell."""
    return next(cell for cell in nb.cells if cell.cell_type == "markdown")


def append_to_first_markdown(path: Path, text: str) -> None:
    """Add a paragraph to the first Markdown cell of the notebook at ``path``."""
    nb = nbformat.read(path, as_version=4)
    first_markdown(nb).source += f"\n\n{text}"
    nbformat.write(nb, path)


def make_upstream(tmp: Path) -> tuple[Path, Path]:
    """A working copy of the course (the author's) and the bare repository learners clone."""
    author = tmp / "author"
    for folder in COPIED:
        shutil.copytree(ROOT / folder, author / folder, ignore=SKIPPED)
    for name in ("README.md", ".gitignore", "pyproject.toml", "references.bib"):
        shutil.copy2(ROOT / name, author / name)
    git(author.parent, "init", "-q", "-b", "main", str(author))
    git(author, "add", "-A")
    git(author, "commit", "-q", "--no-gpg-sign", "-m", "Course, first version")
    upstream = tmp / "upstream.git"
    git(tmp, "clone", "-q", "--bare", str(author), str(upstream))
    git(author, "remote", "add", "origin", str(upstream))
    return author, upstream


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run the whole scenario once: clone, learner's work, course change, update."""
    tmp = tmp_path_factory.mktemp("update")
    author, upstream = make_upstream(tmp)
    learner = tmp / "learner"
    git(tmp, "clone", "-q", str(upstream), str(learner))

    # The learner runs lesson 00 in a kernel: outputs (and widget ids) change on disk.
    nb = nbformat.read(learner / RUN, as_version=4)
    nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                            resources={"metadata": {"path": str(learner / "notebooks")}}).execute()
    nbformat.write(nb, learner / RUN)
    append_to_first_markdown(learner / EDITED, LEARNER_NOTE)
    exercise = nbformat.read(learner / EXERCISE, as_version=4)
    cell = next(c for c in exercise.cells if c.cell_type == "code"
                and c.get("metadata", {}).get("nbgrader", {}).get("solution"))
    cell.source = ANSWER
    nbformat.write(exercise, learner / EXERCISE)
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("mine")]),
                   learner / OWN)
    status = git(learner, "status", "--porcelain")
    before = {rel: (learner / rel).read_bytes() for rel in (RUN, EDITED, EXERCISE, OWN)}

    # The course changes the notebook the learner edited and one the learner never opened.
    append_to_first_markdown(author / EDITED, COURSE_NOTE)
    append_to_first_markdown(author / UNTOUCHED, GLOSSARY_NOTE)
    git(author, "commit", "-q", "--no-gpg-sign", "-am", "Course, second version")
    git(author, "push", "-q", "origin", "main")

    result = run_update(learner)
    return {"learner": learner, "author": author, "result": result, "before": before,
            "status": status}


def test_learner_work_was_seen_as_changes(updated: dict) -> None:
    """Before the update, git sees the run lesson, the edit and the answer as changes."""
    status = updated["status"]
    for rel in (RUN, EDITED, EXERCISE):
        assert f" M {rel}" in status, status
    assert f"?? {OWN}" in status, status


def test_update_succeeds_with_a_summary(updated: dict) -> None:
    """The command exits 0, prints no traceback and names every file it dealt with."""
    result = updated["result"]
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    out = result.stdout
    assert "Course updated from" in out and "2 file(s) changed in the course" in out, out
    assert f"{EDITED}  ->  your version: notebooks/01-understanding-stem-cells-mine-" in out, out
    assert "Your changes kept as they are" in out and f"  {RUN}" in out, out
    assert f"  {EXERCISE}" in out, out
    assert "Files you created yourself: 1, left alone." in out, out


def test_course_changes_arrive_in_both_notebooks(updated: dict) -> None:
    """The course's new versions of the edited and the untouched notebook are in place."""
    learner, author = updated["learner"], updated["author"]
    for rel in (EDITED, UNTOUCHED):
        assert (learner / rel).read_bytes() == (author / rel).read_bytes(), rel
    assert COURSE_NOTE in first_markdown(nbformat.read(learner / EDITED, as_version=4)).source
    assert GLOSSARY_NOTE in first_markdown(nbformat.read(learner / UNTOUCHED, 4)).source
    assert git(learner, "rev-parse", "HEAD") == git(author, "rev-parse", "HEAD")


def test_learner_edit_survives_beside_the_update(updated: dict) -> None:
    """The learner's edited notebook is saved, byte for byte, as one NAME-mine-… file."""
    learner, before = updated["learner"], updated["before"]
    mine = sorted((learner / "notebooks").glob("01-understanding-stem-cells-mine-*.ipynb"))
    assert len(mine) == 1, mine
    assert mine[0].read_bytes() == before[EDITED]
    source = first_markdown(nbformat.read(mine[0], as_version=4)).source
    assert LEARNER_NOTE in source and COURSE_NOTE not in source
    stamp = mine[0].stem.removeprefix("01-understanding-stem-cells-mine-")
    assert len(stamp) == 15 and stamp[8] == "-" and stamp.replace("-", "").isdigit(), stamp


def test_work_the_course_did_not_touch_stays(updated: dict) -> None:
    """The run lesson (with its outputs), the answer and the learner's own file are intact."""
    learner, before = updated["learner"], updated["before"]
    for rel in (RUN, EXERCISE, OWN):
        assert (learner / rel).read_bytes() == before[rel], rel
    run = nbformat.read(learner / RUN, as_version=4)
    assert any(cell.get("outputs") for cell in run.cells if cell.cell_type == "code")
    exercise = nbformat.read(learner / EXERCISE, as_version=4)
    assert any(cell.source == ANSWER for cell in exercise.cells)
    status = git(learner, "status", "--porcelain")
    assert f" M {RUN}" in status and f" M {EXERCISE}" in status and f"?? {OWN}" in status


def test_second_run_is_up_to_date_and_keeps_everything(updated: dict) -> None:
    """Running it again changes nothing and says the copy is up to date."""
    learner = updated["learner"]
    files = {p: p.read_bytes() for p in learner.rglob("*.ipynb") if ".git" not in p.parts}
    result = run_update(learner)
    assert result.returncode == 0, result.stderr
    assert "already has the course's latest version" in result.stdout
    assert {p: p.read_bytes() for p in files} == files


def small_course(tmp: Path) -> tuple[Path, Path]:
    """A two-file course repository and a learner's clone of it, for the quick cases."""
    author = tmp / "author"
    author.mkdir()
    (author / "a.ipynb").write_text("course a\n")
    (author / "b.ipynb").write_text("course b\n")
    git(tmp, "init", "-q", "-b", "main", str(author))
    git(author, "add", "-A")
    git(author, "commit", "-q", "--no-gpg-sign", "-m", "one")
    learner = tmp / "learner"
    git(tmp, "clone", "-q", str(author), str(learner))
    return author, learner


def test_deleted_files_listed_then_restored_on_request(tmp_path: Path) -> None:
    """A deleted course file stays deleted and is listed; --restore-deleted brings it back."""
    author, learner = small_course(tmp_path)
    (learner / "a.ipynb").unlink()
    (author / "a.ipynb").write_text("course a, new\n")
    git(author, "commit", "-q", "--no-gpg-sign", "-am", "two")
    result = run_update(learner)
    assert result.returncode == 0, result.stderr
    assert "still deleted" in result.stdout and "  a.ipynb" in result.stdout
    assert not (learner / "a.ipynb").exists()
    result = run_update(learner, "--restore-deleted")
    assert result.returncode == 0, result.stderr
    assert "brought back" in result.stdout
    assert (learner / "a.ipynb").read_text() == "course a, new\n"


def test_rewritten_course_history_still_updates(tmp_path: Path) -> None:
    """A course rebuilt as a new single commit (force-pushed) updates and keeps the work."""
    author, learner = small_course(tmp_path)
    (learner / "a.ipynb").write_text("learner a\n")
    (learner / "c.ipynb").write_text("learner's own c\n")
    shutil.rmtree(author / ".git")
    (author / "b.ipynb").write_text("course b, new\n")
    (author / "c.ipynb").write_text("course c, new file\n")
    git(tmp_path, "init", "-q", "-b", "main", str(author))
    git(author, "add", "-A")
    git(author, "commit", "-q", "--no-gpg-sign", "-m", "rebuilt")
    result = run_update(learner)
    assert result.returncode == 0, result.stderr
    assert (learner / "a.ipynb").read_text() == "learner a\n"
    assert (learner / "b.ipynb").read_text() == "course b, new\n"
    assert (learner / "c.ipynb").read_text() == "course c, new file\n"
    renamed = list(learner.glob("c-mine-*.ipynb"))
    assert len(renamed) == 1 and renamed[0].read_text() == "learner's own c\n"
    assert "yours were renamed" in result.stdout


@pytest.mark.parametrize("case", ["not a clone", "no upstream", "detached", "own commits",
                                  "no network"])
def test_usual_problems_give_a_plain_message(tmp_path: Path, case: str) -> None:
    """Each usual problem exits 1 with advice, no traceback, and leaves the files alone."""
    expected = {
        "not a clone": "is not a git clone of the course",
        "no upstream": "has no upstream",
        "detached": "detached HEAD",
        "own commits": "commit(s) of your own",
        "no network": "Could not get the course's latest version",
    }[case]
    if case == "not a clone":
        where = tmp_path / "unpacked-zip"
        where.mkdir()
    else:
        author, where = small_course(tmp_path)
        if case == "no upstream":
            git(where, "branch", "--unset-upstream")
        elif case == "detached":
            git(where, "checkout", "-q", "--detach")
        elif case == "own commits":
            (where / "a.ipynb").write_text("learner a\n")
            git(where, "commit", "-q", "--no-gpg-sign", "-am", "mine")
        else:
            git(where, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
        (where / "b.ipynb").write_text("learner b\n")
    result = run_update(where)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Cannot update the course." in result.stderr
    assert expected in result.stderr, result.stderr
    if case != "not a clone":
        assert (where / "b.ipynb").read_text() == "learner b\n"
