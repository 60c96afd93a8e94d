"""A class report from the quiz results learners shared: what to go over in the next class.

    cd ~/stem-cells-student     # a copy of the course: the folder holding quizzes/
    python -m stemimmune.engine.class_report /srv/stemimmune/shared
    python -m stemimmune.engine.class_report shared/ --quizzes quizzes/ --out class-report/

It reads every ``*.json`` copy in the folder (one per learner, written when a learner
pressed "Share my results with my instructor"; names starting with "." are temporary
files and are ignored), and the course's quiz files (``--quizzes``, by default the
``quizzes/`` folder in the current folder, so that the report reads the same questions the
learners answered: run it from a copy of the course, or name the folder). A damaged,
foreign or newer file, or a second copy from the same learner, is skipped and named with
its reason. It writes three files into
``--out`` (by default ``class-report/`` here):

- ``class-report.md``: a summary to read before the next class: the files read and
  skipped, a figure of how far the class got, the questions the class found hardest with
  the misconception behind the commonest wrong answer, and a table per lesson;
- ``class-report.csv``: one row per question (learners who answered it, the share right on
  the first try, the most common wrong answer and its feedback);
- ``class-report.png``: the figure, whose alt text is also written beside it.

Exit status: 0 when the report was written (or the folder held no usable file: it says
so and writes nothing), 1 when the report could not be written, 2 when the folder or the
quiz files are missing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from .figures import PALETTE, add_source, new_figure
from .figures.style import figure_png
from .progress import Attempt, Results
from .quizzes import Question, QuizFile, QuizFileError, load_quiz_file, parse_number, show_number

__all__ = [
    "COLUMNS", "LessonSummary", "QuestionSummary", "SharedCopy", "SharedFolder", "WrongAnswer",
    "alt_text", "default_quizzes", "ignored_questions", "lesson_summaries", "lesson_table",
    "load_course", "main", "progress_figure", "question_summaries", "question_table",
    "read_shared_folder", "report_markdown", "wrong_answers", "write_report",
]

#: The CSV's columns, in order.
COLUMNS = ["notebook", "question_id", "section", "prompt", "learners", "right_first_try_share",
           "most_common_wrong_answer", "most_common_wrong_answer_learners",
           "most_common_wrong_answer_feedback"]
#: A shared copy is a few hundred kilobytes at most; anything far larger is not one.
MAX_BYTES = 20_000_000
#: How many wrong answers are kept per question, and how many questions the summary lists.
WRONG_ANSWERS, HARDEST = 3, 5
_NOT_STARTED = "#E8E8E8"  # a light grey track: "nothing here"; the two colours carry the data
_OLDEST = datetime.min.replace(tzinfo=UTC)


def default_quizzes() -> Path:
    """``quizzes/`` in the current folder: run the report from a copy of the course.

    Not the package's own folder: a hub installs the package with a plain ``pip install``,
    which holds no quiz files, and the learners answered the questions of their own copy.
    """
    return Path("quizzes")


# --- reading the shared copies ------------------------------------------------------------

@dataclass(frozen=True)
class SharedCopy:
    """One learner's shared file: its name, its results, and the sharing facts it carries."""

    name: str
    results: Results
    share_id: str | None = None
    shared_at: datetime | None = None
    named: bool = False  #: the copy carries a username (the sharing set-up asked for it)


@dataclass
class SharedFolder:
    """What a shared folder held: the learners' copies used, files skipped, files used in part.

    ``skipped`` and ``notes`` are (file name, reason) pairs, in plain words.
    """

    copies: list[SharedCopy] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def learners(self) -> list[Results]:
        """Each learner's results (one per usable file)."""
        return [copy.results for copy in self.copies]


def _read_copy(path: Path) -> tuple[bytes, SharedCopy | None, str]:
    """A file's bytes and its copy, or its bytes, None and the reason it cannot be used."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return b"", None, "too large to be a course results file"
        data = path.read_bytes()
    except OSError as err:
        return b"", None, f"could not be read ({err.strerror or type(err).__name__})"
    if not data.strip():
        return data, None, "empty"
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return data, None, "damaged (not UTF-8 text)"
    except (ValueError, RecursionError):
        return data, None, "damaged (not valid JSON)"
    results = Results.from_json(raw)
    if results.problems and not results.attempts:
        problem = results.problems[0]
        if "newer version" in problem:
            return data, None, problem
        if "damaged" in problem:
            return data, None, "damaged (none of its results could be read)"
        return data, None, "not a course results file"
    return data, _copy_from(path.name, raw, results), ""


def _copy_from(name: str, raw: dict[str, Any], results: Results) -> SharedCopy:
    """A :class:`SharedCopy` with the share id and time of the ``"shared"`` block, if any."""
    shared = raw.get("shared") if isinstance(raw.get("shared"), dict) else {}
    share_id = shared.get("share_id", results.learner.get("share_id"))
    shared_at = None
    if isinstance(shared.get("at"), str):
        try:
            shared_at = datetime.fromisoformat(shared["at"])
        except ValueError:
            shared_at = None
        if shared_at is not None and shared_at.tzinfo is None:
            shared_at = shared_at.replace(tzinfo=UTC)
    return SharedCopy(name, results, share_id if isinstance(share_id, str) else None,
                      shared_at, isinstance(shared.get("name"), str))


def _keep_newest(copies: list[SharedCopy]) -> tuple[list[SharedCopy], list[tuple[str, str]]]:
    """One copy per share id, the latest shared; the older ones as (name, reason) pairs."""
    newest: dict[str, SharedCopy] = {}
    for copy in copies:
        if copy.share_id is None:
            continue
        kept = newest.get(copy.share_id)
        if kept is None or (copy.shared_at or _OLDEST) > (kept.shared_at or _OLDEST):
            newest[copy.share_id] = copy
    kept_copies, older = [], []
    for copy in copies:
        winner = newest.get(copy.share_id) if copy.share_id else copy
        if winner is copy:
            kept_copies.append(copy)
        else:
            older.append((copy.name, f"duplicate: an older copy from the same learner as "
                                     f"{winner.name}, which was used instead"))
    return kept_copies, older


def read_shared_folder(folder: str | Path) -> SharedFolder:
    """Read every ``*.json`` in ``folder`` (not its dotfiles); never raises for a bad file.

    Each unusable file is listed in ``skipped`` with its reason: damaged, not a course
    results file, from a newer version of the course, the same bytes as another file, or an
    older copy with the same share id as a newer one. A file with some damaged entries is
    used for what can be read and listed in ``notes``. Raises OSError only if the folder
    itself cannot be listed.
    """
    found = SharedFolder()
    copies, seen = [], {}
    paths = sorted(p for p in Path(folder).iterdir()  # iterdir, unlike glob, raises if unreadable
                   if p.suffix == ".json" and not p.name.startswith(".") and p.is_file())
    for path in paths:
        data, copy, reason = _read_copy(path)
        digest = hashlib.sha256(data).hexdigest() if data else None
        if digest in seen:
            found.skipped.append((path.name, f"duplicate: the same content as {seen[digest]}"))
            continue
        if digest:
            seen[digest] = path.name
        if copy is None:
            found.skipped.append((path.name, reason))
            continue
        copies.append(copy)
        found.notes += [(path.name, f"{problem}; the rest of it was used")
                        for problem in copy.results.problems]
    found.copies, older = _keep_newest(copies)
    found.skipped += older
    found.notes = [(name, note) for name, note in found.notes
                   if name in {copy.name for copy in found.copies}]
    return found


def load_course(quizzes: str | Path) -> tuple[list[QuizFile], list[str]]:
    """The course's quiz files in course order (by file name), and any that failed, in words."""
    course, problems = [], []
    for path in sorted(Path(quizzes).glob("*.toml")):
        try:
            course.append(load_quiz_file(path))
        except QuizFileError as err:
            problems.append(f"The quiz file {path.name} could not be read, so its questions "
                            f"are left out: {err}")
    return course, problems


# --- wrong answers ------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class WrongAnswer:
    """A wrong answer as the class report names it, with the feedback that explains it.

    ``order`` is its place in the question (option, item or hint order), for ties.
    """

    order: int
    label: str
    feedback: str
    left_out: bool = False  #: a right option not ticked: its feedback says why it belongs


def _units(value: float, units: str) -> str:
    return f"{show_number(value)}{'' if units in {'', '%'} else ' '}{units}"


def _wrong_single(q: Question, response: Any) -> list[WrongAnswer]:
    if not isinstance(response, int) or isinstance(response, bool) \
            or not 0 <= response < len(q.options) or q.options[response].correct:
        return []
    option = q.options[response]
    return [WrongAnswer(response, f"“{option.text}”", option.feedback)]


def _wrong_multiple(q: Question, response: Any) -> list[WrongAnswer]:
    if not isinstance(response, list):
        return []
    ticked = {i for i in response if isinstance(i, int) and not isinstance(i, bool)}
    wrong = [WrongAnswer(i, f"ticked “{o.text}”", o.feedback)
             for i, o in enumerate(q.options) if i in ticked and not o.correct]
    missed = [WrongAnswer(len(q.options) + i, f"left out “{o.text}”", o.feedback, True)
              for i, o in enumerate(q.options) if i not in ticked and o.correct]
    return wrong + missed


def _wrong_match(q: Question, response: Any) -> list[WrongAnswer]:
    if not isinstance(response, list) or len(response) != len(q.items):
        return []
    return [WrongAnswer(i * len(q.choices) + q.choices.index(placed),
                        f"“{item.text}” → {placed}", item.feedback)
            for i, (item, placed) in enumerate(zip(q.items, response))
            if isinstance(placed, str) and placed in q.choices and placed != item.answer]


def _wrong_numeric(q: Question, response: Any) -> list[WrongAnswer]:
    if isinstance(response, (int, float)) and not isinstance(response, bool):
        value = float(response)
    else:
        try:
            value = parse_number(response)
        except ValueError:  # NumberInputError: it was not graded, so it is not an answer
            return []
    if not math.isfinite(value) or abs(value - q.answer) <= q.tolerance:
        return []
    for i, hint in enumerate(q.hints):
        if hint.min <= value <= hint.max:
            return [WrongAnswer(i + 2, f"between {_units(hint.min, q.units)} and "
                                       f"{_units(hint.max, q.units)}", hint.feedback)]
    if value < q.answer:
        return [WrongAnswer(0, f"too low (under {_units(q.answer - q.tolerance, q.units)})",
                            q.feedback_low)]
    return [WrongAnswer(1, f"too high (over {_units(q.answer + q.tolerance, q.units)})",
                        q.feedback_high)]


_WRONG = {"single": _wrong_single, "multiple": _wrong_multiple, "match": _wrong_match,
          "numeric": _wrong_numeric}


def wrong_answers(question: Question, response: Any) -> list[WrongAnswer]:
    """The wrong answers in one saved response, by the question's current key.

    Single: the wrong option picked; multiple: each wrong option ticked, and each right one
    left out (its feedback says why it belongs); match: each item placed wrongly; numeric:
    the hint range the value falls in, else too low or too high. A response that cannot be
    read gives none.
    """
    try:
        return _WRONG[question.kind](question, response)
    except (TypeError, ValueError, OverflowError):
        return []


# --- per question -------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionSummary:
    """How the class answered one question."""

    notebook: str
    question: Question
    learners: int
    right_first_try: int
    #: The commonest wrong answers, each with the number of learners who gave it.
    wrong: tuple[tuple[WrongAnswer, int], ...] = ()

    @property
    def share(self) -> float:
        """The share of those who answered who were right on the first try (NaN if none)."""
        return self.right_first_try / self.learners if self.learners else math.nan


def _summarise(notebook: str, question: Question, learners: Sequence[Results]
               ) -> QuestionSummary:
    answered: list[list[Attempt]] = [
        r.attempts[notebook][question.id] for r in learners
        if r.attempts.get(notebook, {}).get(question.id)]
    counts: Counter[WrongAnswer] = Counter()
    for attempts in answered:
        counts.update({w for a in attempts if not a.correct
                       for w in wrong_answers(question, a.response)})
    commonest = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:WRONG_ANSWERS]
    return QuestionSummary(notebook, question, len(answered),
                           sum(attempts[0].correct for attempts in answered), tuple(commonest))


def question_summaries(course: Sequence[QuizFile], learners: Sequence[Results]
                       ) -> list[QuestionSummary]:
    """One summary per question, in course order (quiz files in order, questions in file order)."""
    return [_summarise(quiz.notebook, q, learners) for quiz in course for q in quiz.questions]


def ignored_questions(course: Sequence[QuizFile], learners: Sequence[Results]) -> int:
    """How many questions learners answered that are no longer in the course's quiz files."""
    known = {(quiz.notebook, q.id) for quiz in course for q in quiz.questions}
    return len({(nb, qid) for r in learners for nb, questions in r.attempts.items()
                for qid in questions} - known)


def question_table(summaries: Sequence[QuestionSummary]) -> pd.DataFrame:
    """The CSV's table: one row per question, with the columns in :data:`COLUMNS`."""
    rows = []
    for s in summaries:
        top, top_count = s.wrong[0] if s.wrong else (None, 0)
        rows.append([s.notebook, s.question.id, s.question.section, s.question.prompt,
                     s.learners, round(s.share, 3) if s.learners else math.nan,
                     top.label if top else "", top_count, top.feedback if top else ""])
    return pd.DataFrame(rows, columns=COLUMNS)


# --- per lesson ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LessonSummary:
    """How far the class got in one lesson's quiz."""

    notebook: str
    questions: int
    learners: int  #: learners in the class (usable files)
    started: int  #: learners who answered at least one of its questions
    finished: int  #: learners who answered every one of its questions
    median_answered: float  #: median share of its questions answered, among those who started
    lesson: str = ""  #: "04 · Current research" (see :attr:`QuizFile.lesson`)

    @property
    def number(self) -> str:
        """The lesson's number, "01" from "01-understanding-stem-cells"."""
        return self.notebook.partition("-")[0]

    @property
    def title(self) -> str:
        """ "04 · Current research", or one made from the notebook's name."""
        return self.lesson or QuizFile(self.notebook, ()).lesson


def lesson_summaries(course: Sequence[QuizFile], learners: Sequence[Results]
                     ) -> list[LessonSummary]:
    """One summary per quiz file, in course order."""
    found = []
    for quiz in course:
        ids = {q.id for q in quiz.questions}
        answered = [len(ids & set(r.attempts.get(quiz.notebook, {}))) for r in learners]
        shares = [n / len(ids) for n in answered if n] if ids else []
        found.append(LessonSummary(quiz.notebook, len(ids), len(learners), len(shares),
                                   sum(1 for n in answered if ids and n == len(ids)),
                                   statistics.median(shares) if shares else math.nan,
                                   quiz.lesson))
    return found


def _percent(share: float) -> str:
    return "–" if math.isnan(share) else f"{round(100 * share)}%"


def lesson_table(lessons: Sequence[LessonSummary]) -> pd.DataFrame:
    """The per-lesson table of the Markdown summary, with its column headings."""
    return pd.DataFrame(
        [[s.title, s.questions, f"{s.started} of {s.learners}", _percent(s.median_answered),
          s.finished] for s in lessons],
        columns=["Lesson", "Questions", "Learners who started it",
                 "Median share of its questions answered (of those who started)",
                 "Learners who answered every question"])


# --- the figure ---------------------------------------------------------------------------

def progress_figure(lessons: Sequence[LessonSummary], source: str) -> Figure:
    """A bar per lesson: the share of the class that answered every question, that started
    but did not finish, and that did not start."""
    learners = lessons[0].learners if lessons else 0
    fig, ax = new_figure("How far the class got in each lesson's quiz",
                         xlabel=f"Learners (% of the {learners} whose results were read)",
                         ylabel="Lesson", size=(9.6, 1.9 + 0.42 * max(len(lessons), 1)))
    rows = range(len(lessons))
    parts = [("Answered every question", [s.finished for s in lessons], PALETTE["blue"], "white"),
             ("Started, not finished", [s.started - s.finished for s in lessons],
              PALETTE["orange"], "black"),
             ("Not started", [s.learners - s.started for s in lessons], _NOT_STARTED, "#444444")]
    left = [0.0] * len(lessons)
    for label, counts, colour, ink in parts:
        widths = [100 * n / learners if learners else 0 for n in counts]
        bars = ax.barh(rows, widths, left=left, color=colour, label=label, height=0.7)
        ax.bar_label(bars, labels=[str(n) if w >= 6 else "" for n, w in zip(counts, widths)],
                     label_type="center", color=ink, fontsize=9)
        left = [a + w for a, w in zip(left, widths)]
    ax.set_yticks(list(rows), [s.title for s in lessons])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.tick_params(axis="y", length=0)
    # the key sits between the title and the bars, where the eye starts reading
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=3, frameon=False, fontsize=9,
              borderaxespad=0.3, handlelength=1.2, columnspacing=1.5)
    ax.set_title(ax.get_title(), fontsize=13, fontweight="bold", pad=26)
    add_source(fig, source + " Numbers in the bars are learners.")
    return fig


def _numbers(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def alt_text(lessons: Sequence[LessonSummary]) -> str:
    """One sentence saying what the figure shows, with its numbers (alt text and caption)."""
    learners = max(lessons[0].learners if lessons else 0, 1)
    clauses = [f"lesson {s.number}, {s.started} started ({_percent(s.started / learners)}) "
               f"and {s.finished} answered every question ({_percent(s.finished / learners)})"
               for s in lessons if s.started]
    unstarted = [s.number for s in lessons if not s.started]
    if unstarted:
        lesson = "lesson" if len(unstarted) == 1 else "lessons"
        clauses.append(f"no one started {lesson} {_numbers(unstarted)}")
    return (f"Bar chart of how far the {learners} learner{'s' if learners != 1 else ''} got "
            f"in each lesson's quiz: {'; '.join(clauses)}.")


# --- the Markdown summary -----------------------------------------------------------------

def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown_table(table: pd.DataFrame) -> list[str]:
    lines = ["| " + " | ".join(_cell(c) for c in table.columns) + " |",
             "|" + "|".join(" --- " for _ in table.columns) + "|"]
    return lines + ["| " + " | ".join(_cell(v) for v in row) + " |"
                    for row in table.itertuples(index=False)]


def _learner_files(n: int) -> str:
    """ "1 learner's results file" or "3 learners' results files"."""
    return "1 learner's results file" if n == 1 else f"{n} learners' results files"


def _files_section(folder: SharedFolder, ignored: int, course_problems: Sequence[str]
                   ) -> list[str]:
    n = len(folder.copies)
    times = sorted(c.shared_at for c in folder.copies if c.shared_at)
    lines = ["## Files read", "",
             f"- {_learner_files(n)} {'was' if n == 1 else 'were'} read."]
    if times:
        first, last = f"{times[0]:%d %B %Y}".lstrip("0"), f"{times[-1]:%d %B %Y}".lstrip("0")
        when = f"on {first}" if first == last else f"between {first} and {last}"
        lines.append(f"- They were shared {when} (a copy holds a learner's answers up to the "
                     "moment they shared it).")
    if folder.skipped:
        count = len(folder.skipped)
        lines.append(f"- {count} file{'s were' if count != 1 else ' was'} skipped:")
        lines += [f"    - `{name}`: {reason}." for name, reason in folder.skipped]
    else:
        lines.append("- No file was skipped.")
    lines += [f"- `{name}` {note}." for name, note in folder.notes]
    if ignored:
        lines.append(f"- Answers to {ignored} question{'s' if ignored != 1 else ''} no longer "
                     "in the course were ignored.")
    return lines + [f"- {problem}" for problem in course_problems] + [""]


def _hardest_section(summaries: Sequence[QuestionSummary], titles: dict[str, str]) -> list[str]:
    answered = [s for s in summaries if s.learners and s.right_first_try < s.learners]
    hardest = sorted(answered, key=lambda s: (s.share, -s.learners))[:HARDEST]
    lines = ["## Questions the class found hardest", ""]
    if not hardest:
        return lines + ["Every question answered so far was right on the first try.", ""]
    lines += ["The questions with the lowest share right on the first try, with the wrong "
              "answers given most and the misconception each one's feedback names: these "
              "are the ones to go over in the next class.", ""]
    for rank, s in enumerate(hardest, 1):
        lines += [f"{rank}. **{s.question.prompt}**  ",
                  f"   {titles[s.notebook]}, section “{s.question.section or 'none'}” "
                  f"(`{s.question.id}`): right on the first try for {s.right_first_try} of "
                  f"{s.learners} learner{'s' if s.learners != 1 else ''} who answered "
                  f"({_percent(s.share)})."]
        for wrong, count in s.wrong:
            why = ("Why it belongs, as its feedback puts it" if wrong.left_out
                   else "The misconception, as its feedback puts it")
            lines.append(f"    - Wrong answer: {wrong.label} ({count} learner"
                         f"{'s' if count != 1 else ''}). {why}: {wrong.feedback}")
    return lines + [""]


def _contents_note(folder: SharedFolder) -> list[str]:
    named = sum(c.named for c in folder.copies)
    names = ("None of them carries a name or username." if not named else
             f"{named} of them carr{'ies' if named == 1 else 'y'} the learner's username, "
             "because the sharing set-up asked for it; this report does not show names.")
    return ["## What the files contain", "",
            "Each file is a copy of one learner's saved quiz answers, made when they pressed "
            "“Share my results with my instructor”: every graded attempt at every question "
            "(the answer chosen, when, right or wrong), when it was shared and a random share "
            f"id that only tells two copies from the same learner apart. {names} Learners who "
            "did not share are not counted, and answers given after sharing are not in the "
            "copies.", ""]


def report_markdown(folder: SharedFolder, summaries: Sequence[QuestionSummary],
                    lessons: Sequence[LessonSummary], alt: str, ignored: int = 0,
                    course_problems: Sequence[str] = ()) -> str:
    """The Markdown summary an instructor reads before the next class."""
    titles = {s.notebook: s.title for s in lessons}
    lines = ["# Class report: the quiz answers learners shared", ""]
    lines += _files_section(folder, ignored, course_problems)
    lines += ["## How far the class got", "", f"![{alt}](class-report.png)", "", alt, ""]
    lines += _hardest_section(summaries, titles)
    lines += ["## Each lesson", ""] + _markdown_table(lesson_table(lessons)) + [""]
    lines += ["“Started” means at least one of the lesson's quiz questions was answered. The "
              "question-by-question numbers are in `class-report.csv`.", ""]
    return "\n".join(lines + _contents_note(folder))


# --- writing it all -----------------------------------------------------------------------

def write_report(out: str | Path, folder: SharedFolder, course: Sequence[QuizFile],
                 course_problems: Sequence[str] = ()) -> list[Path]:
    """Write ``class-report.md``, ``.csv`` and ``.png`` into ``out`` (created); their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    learners = folder.learners
    summaries = question_summaries(course, learners)
    lessons = lesson_summaries(course, learners)
    alt = alt_text(lessons)
    paths = [out / "class-report.md", out / "class-report.csv", out / "class-report.png"]
    question_table(summaries).to_csv(paths[1], index=False)
    fig = progress_figure(lessons, f"quiz results shared by {len(learners)} learner"
                                   f"{'s' if len(learners) != 1 else ''}.")
    try:
        paths[2].write_bytes(figure_png(fig))
    finally:
        plt.close(fig)
    paths[0].write_text(report_markdown(folder, summaries, lessons, alt,
                                        ignored_questions(course, learners), course_problems),
                        "utf-8")
    return paths


def _print_files(folder: SharedFolder, where: Path) -> None:
    print(f"Read {_learner_files(len(folder.copies))} from {where}.")
    count = len(folder.skipped)
    print(f"Skipped {count} file{'s' if count != 1 else ''}" + (":" if count else "."))
    for name, reason in folder.skipped:
        print(f"  {name}: {reason}")
    for name, note in folder.notes:
        print(f"Note: {name} {note}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the folder learners shared their results into")
    parser.add_argument("--quizzes", type=Path, default=default_quizzes(),
                        help="the course's quiz files (default: quizzes/ in the current folder, "
                             "so run the report from a copy of the course)")
    parser.add_argument("--out", type=Path, default=Path("class-report"),
                        help="where to write the report (default: class-report/ here)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"There is no folder {args.folder}: give the folder learners shared their "
              "results into.")
        return 2
    if not args.quizzes.is_dir():
        where = (f"there is no folder quizzes/ in {Path.cwd()}" if args.quizzes == default_quizzes()
                 else f"there is no folder {args.quizzes}")
        print(f"The course's quiz files were not found: {where}. Run this command from your "
              "copy of the course (the folder that holds notebooks/ and quizzes/), or give "
              "the quiz files' folder with --quizzes, for example "
              "--quizzes ~/stem-cells-student/quizzes.")
        return 2
    course, course_problems = load_course(args.quizzes)
    for problem in course_problems:
        print(problem)
    if not course:
        print(f"No quiz file could be read in {args.quizzes}, so there is nothing to report on.")
        return 2
    try:
        folder = read_shared_folder(args.folder)
    except OSError as err:
        print(f"Could not read the folder {args.folder} ({err.strerror or type(err).__name__}).")
        return 2
    _print_files(folder, args.folder)
    if args.out.exists() and not args.out.is_dir():
        print(f"{args.out} is a file, not a folder, so the report was not written there: "
              "give another --out.")
        return 1
    if not folder.copies:
        print(f"No learner's results could be used from {args.folder}, so no report was "
              "written.")
        return 0
    try:
        paths = write_report(args.out, folder, course, course_problems)
    except OSError as err:
        print(f"Could not write the report into {args.out} "
              f"({err.strerror or type(err).__name__}).")
        return 1
    print(f"Wrote {', '.join(p.name for p in paths)} to {args.out.resolve()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
