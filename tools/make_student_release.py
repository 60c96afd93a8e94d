"""Build the learners' copy of the course: lessons, exercises, data and quizzes, no answers.

Run from the course folder:

    python tools/make_student_release.py                      # writes build/student/
    python tools/make_student_release.py --out DIR --zip      # DIR/ and DIR.zip

The copy is a git repository with one commit on branch ``main``, so nbgitpuller can pull it
straight from that folder or after you push it to a repository of its own. It holds
``notebooks/``, ``exercises/``, ``data/``, ``quizzes/``, the ``stemimmune`` package and the
files needed to install and cite the course. It leaves out ``solutions/``, ``docs/`` (author
and instructor notes), ``tests/`` and ``tools/``. In the copied notebooks, quiz files and
README, links and mentions of ``solutions/`` are removed or reworded; the exercises are
copied byte for byte. The ``--zip`` file holds the same files without the ``.git`` folder.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from update_generated import lessons, short_title  # noqa: E402

FOLDERS = ("notebooks", "exercises", "data", "quizzes", "stemimmune", "jupyter-settings")
FILES = ("pyproject.toml", "environment.yml", "requirements.txt", "LICENSE", "CITATION.cff",
         "references.bib", "postBuild")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info",
                                "build")
GIT_DESCRIPTION = "Student copy of the course 'Stem Cells and the Immune System'\n"
STUDENT_GITIGNORE = ".ipynb_checkpoints/\n__pycache__/\n*.egg-info/\n.venv/\n"

# Exact wording in the welcome notebook and its quiz that points learners at solutions/,
# and what the student copy says instead. If an author rewords the originals, the check in
# `leftover_mentions` stops the build and names the file, so this table gets updated.
REWORDINGS: tuple[tuple[str, str], ...] = (
    ("3. Find a lesson, its exercise and its worked solution, and get a fresh copy of a "
     "notebook\n   you have broken.",
     "3. Find a lesson and its exercise, and get a fresh copy of a notebook you have\n"
     "   broken."),
    ("**exercise**,\n**solution**.", "**exercise**."),
    ("You will mostly use the first four folders:", "You will mostly use the first three folders:"),
    ("| `solutions/` | worked answers to the exercises, under the same file names | open one "
     "*after* you have tried |\n", ""),
    ("A **solution** is the course's worked answer to an exercise, in `solutions/` under the "
     "same\nfile name. Try first: a solution makes most sense once you have met the problem "
     "yourself.\nYour own version does not need to look the same to be right",
     "Worked answers are not part of this copy of the course: your teacher may share them\n"
     "once you have had a go. Your own version does not need to look like anyone else's to "
     "be right"),
    ("- Lessons are in `notebooks/`, **exercises** in `exercises/`, worked **solutions** in\n"
     "  `solutions/` (try first), and sourced data tables in `data/`.",
     "- Lessons are in `notebooks/`, **exercises** in `exercises/`, and sourced data tables\n"
     "  in `data/`."),
    ("your own exercise copies in exercises/, worked answers in solutions/ and small",
     "your own exercise copies in exercises/ and small"),
    ("before you open the solution.", "before you ask for a worked answer."),
    ("solutions/ holds worked answers, best opened after you have tried the exercise yourself",
     "notebooks/ holds the lessons, which you can run again as often as you like"),
    ("True. A worked answer makes most sense once you have wrestled with the problem, even if "
     "your own attempt did not work.",
     "True. Running a lesson again is safe; if it gets muddled, restart the kernel and run "
     "all the cells."),
    ("solutions/ is where you save your finished exercise",
     "data/ is where you save your finished exercise"),
    ("No. solutions/ holds the course's worked answers; your own work",
     "No. data/ holds the course's sourced data tables; your own work"),
    ("the lessons, worked solutions and data tables that cite it",
     "the lessons and data tables that cite it"),
    ("the course's worked answer to an exercise, in the `solutions/` folder under the same file "
     "name. Try the exercise first; your own answer",
     "the course's worked answer to an exercise, which your teacher may share once you have "
     "tried it; your own answer"),
)

# Markdown links into solutions/, and the text around them that would dangle without them.
_LINK = r"\[[^\]\n]*\]\((?:\.\./)?solutions/[^)\s]*\)"
LINK_REMOVALS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r" ?\(worked answers: " + _LINK + r"\)"), ""),  # generated nav-bottom cells
    (re.compile(r", " + _LINK), ""),  # one item of a comma-separated list
    (re.compile(_LINK + r", "), ""),
    (re.compile(_LINK), ""),
    (re.compile(r" ?\*Cited in:\* ?\."), ""),  # a list left with no items
)
START_COMMAND = ("python3 -m venv .venv && .venv/bin/pip install -r requirements.txt -e . && "
                 ".venv/bin/jupyter lab notebooks/00-welcome.ipynb")
MENTION = re.compile(r"solutions/|worked answers:|worked solution", re.I)


def reword(text: str) -> str:
    """The student-copy version of one piece of text: rewordings, then links removed."""
    for old, new in REWORDINGS:
        text = text.replace(old, new)
    for pattern, replacement in LINK_REMOVALS:
        text = pattern.sub(replacement, text)
    return text


def map_strings(node: Any, change: Callable[[str], str]) -> Any:
    """A copy of a JSON-like value with ``change`` applied to every string in it."""
    if isinstance(node, str):
        return change(node)
    if isinstance(node, list):
        return [map_strings(item, change) for item in node]
    if isinstance(node, dict):
        return {key: map_strings(value, change) for key, value in node.items()}
    return node


def reword_notebook(path: Path) -> None:
    """Reword a notebook in place: sources, saved outputs and saved widget state alike."""
    notebook = nbformat.read(path, as_version=4)  # joins each multi-line string into one
    reworded = nbformat.from_dict(map_strings(notebook, reword))
    if reworded != notebook:
        path.write_text(nbformat.writes(reworded) + "\n", "utf-8")


def student_readme(root: Path) -> str:
    """A README for learners: the lessons with their exercises, how to start, the licence."""
    rows = ["| # | Lesson | Time | Exercise |", "|---|---|---|---|"]
    for lesson in lessons(root):
        name = lesson.path.name
        exercise = (f"[exercise](exercises/{name})" if (root / "exercises" / name).exists()
                    else "—")
        rows.append(f"| {lesson.number} | [{short_title(lesson)[5:]}](notebooks/{name}) "
                    f"| {lesson.minutes} min | {exercise} |")
    table = "\n".join(rows)
    extras = [p.name for p in sorted((root / "notebooks").glob("*.ipynb"))
              if not p.name[:2].isdigit()]
    also = ("\n\nAlso in `notebooks/`: " + ", ".join(f"[{name.removesuffix('.ipynb')}]"
                                                     f"(notebooks/{name})" for name in extras)
            + ".") if extras else ""
    return f"""# Stem Cells and the Immune System

Your copy of a hands-on notebook course on what stem cell therapy can and cannot do for the
immune system. Each lesson mixes short readings, figures drawn from cited data and quizzes
that explain every answer; each exercise asks you to write a little Python and checks it.

> This course is education, not medical advice. For decisions about your own health, talk to
> a qualified clinician.

## Lessons

{table}{also}

Start with [the welcome notebook](notebooks/00-welcome.ipynb): it shows how to run cells,
answer quizzes and use the exercises.

## Where to run it

- **On your course's JupyterHub**: open the link your teacher gave you. It copies this folder
  into your home folder, or brings it up to date while keeping the changes you made.
- **On your own computer** (Python 3.11 or newer), from this folder:

  ```bash
  {START_COMMAND}
  ```

Your quiz results are saved in `~/.stemimmune/progress.json` in your home folder, outside this
course folder, so an update of the course does not erase them.

## Licence and citation

Teaching content is under CC BY 4.0 and code under the MIT licence: see [`LICENSE`](LICENSE).
To cite the course, see [`CITATION.cff`](CITATION.cff). Each data table names its source in
[`data/datapackage.json`](data/datapackage.json).
"""


def leftover_mentions(out: Path) -> list[str]:
    """Files in the copy (outside ``exercises/`` and ``LICENSE``) still naming solutions/."""
    found = []
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if (not path.is_file() or rel.parts[0] in (".git", "exercises", "LICENSE")
                or path.suffix not in (".ipynb", ".md", ".toml", ".py", ".json", ".txt")):
            continue
        if MENTION.search(path.read_text("utf-8")):
            found.append(str(rel))
    return found


def copy_course(root: Path, out: Path) -> None:
    """Copy what learners need from the course folder ``root`` into the empty folder ``out``."""
    for folder in FOLDERS:
        shutil.copytree(root / folder, out / folder, ignore=SKIPPED)
    for name in FILES:
        shutil.copy2(root / name, out / name)
    (out / "README.md").write_text(student_readme(root), "utf-8")
    (out / ".gitignore").write_text(STUDENT_GITIGNORE, "utf-8")
    for notebook in sorted((out / "notebooks").glob("*.ipynb")):
        reword_notebook(notebook)
    for quiz in sorted((out / "quizzes").glob("*.toml")):
        quiz.write_text(reword(quiz.read_text("utf-8")), "utf-8")


def _git(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                            capture_output=True, text=True)
    return result.stdout.strip()


def start_repository(out: Path) -> None:
    """Make the empty folder ``out`` a git repository marked as a student copy."""
    _git(["init", "-q", "-b", "main"], out)
    (out / ".git" / "description").write_text(GIT_DESCRIPTION, "utf-8")


def commit_all(root: Path, out: Path) -> str:
    """Commit everything in the repository ``out`` as its one commit; return its id."""
    try:
        source = _git(["rev-parse", "--short", "HEAD"], root)
        date = _git(["log", "-1", "--format=%cI"], root)
    except (subprocess.CalledProcessError, FileNotFoundError):
        source, date = "an unversioned folder", ""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Course release", "GIT_COMMITTER_NAME":
           "Course release", "GIT_AUTHOR_EMAIL": "release@localhost",
           "GIT_COMMITTER_EMAIL": "release@localhost"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    _git(["add", "-A"], out)
    _git(["commit", "-q", "--no-gpg-sign", "-m",
          f"Student copy of the course, built from {source}"], out, env)
    return _git(["rev-parse", "HEAD"], out)


def write_zip(out: Path) -> Path:
    """Zip the copy (without ``.git``) into ``<out>.zip``, files under one top folder."""
    archive = out.with_name(out.name + ".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(out.rglob("*")):
            rel = path.relative_to(out)
            if path.is_file() and rel.parts[0] != ".git":
                zf.write(path, str(Path(out.name) / rel))
    return archive


def clear_output_folder(out: Path) -> None:
    """Remove an earlier student copy at ``out``; refuse to touch any other non-empty folder."""
    if not out.exists():
        return
    description = out / ".git" / "description"
    if any(out.iterdir()) and not (description.exists()
                                   and description.read_text("utf-8") == GIT_DESCRIPTION):
        raise SystemExit(f"{out} exists and is not a student copy made by this tool: "
                         "choose another --out or remove it yourself")
    shutil.rmtree(out)


def build_release(root: Path, out: Path, make_zip: bool = False) -> Path:
    """Build the student copy of the course at ``root`` into ``out``; return ``out``."""
    out = out.resolve()
    clear_output_folder(out)
    out.mkdir(parents=True)
    start_repository(out)  # first, so that a build that fails half-way can be replaced
    copy_course(root, out)
    leftovers = leftover_mentions(out)
    if leftovers:
        raise SystemExit("these files still mention solutions/ after rewording: "
                         f"{', '.join(leftovers)}; update REWORDINGS in {Path(__file__).name}")
    commit_all(root, out)
    if make_zip:
        write_zip(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "student",
                        help="folder to write (default: build/student)")
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip")
    args = parser.parse_args(argv)
    out = build_release(ROOT, args.out, args.zip)
    print(f"Student copy: {out} (git repository, branch main, one commit)")
    if args.zip:
        print(f"Zip file: {out.with_name(out.name + '.zip')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
