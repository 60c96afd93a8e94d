"""The class report: learners' shared quiz results read, summarised and written for an instructor.

The shared files are made as a learner's notebook makes them: a :class:`Progress` file that
records graded attempts at real questions of the course's quiz files, then
:func:`share_results` into a folder, as the "Share my results" button does.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from stemimmune.engine import class_report
from stemimmune.engine.class_report import (
    COLUMNS,
    alt_text,
    lesson_summaries,
    load_course,
    main,
    progress_figure,
    question_summaries,
    question_table,
    read_shared_folder,
    wrong_answers,
)
from stemimmune.engine.progress import Progress, SharingSetup, share_results
from stemimmune.engine.quizzes import load_quiz_file

ROOT = Path(__file__).resolve().parent.parent
QUIZZES = ROOT / "quizzes"
L01 = "01-understanding-stem-cells"
L02 = "02-how-therapy-affects-the-immune-system"
START = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def question(notebook: str, question_id: str):
    path = next(QUIZZES.glob(f"{notebook[:2]}-*.toml"))
    return load_quiz_file(path).get(question_id)


def share(folder: Path, home: Path, answers, at: datetime = START,
          with_name: bool = False) -> Path:
    """A learner records ``answers`` [(notebook, id, correct, response)] and shares them."""
    progress = Progress(home / "progress.json")
    for minutes, (notebook, question_id, correct, response) in enumerate(answers):
        progress.record(notebook, question_id, correct, response=response,
                        at=at + timedelta(minutes=minutes))
    outcome = share_results(progress, SharingSetup(folder=folder, with_name=with_name), at=at,
                            environ={"JUPYTERHUB_USER": home.name})
    assert outcome.shared, outcome.message
    return outcome.path


@pytest.fixture
def folder(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    return shared


def two_learners(folder: Path, tmp_path: Path) -> None:
    """Ada: right first time at totipotent-which; Ben: the ES-cell option, then right."""
    share(folder, tmp_path / "user-ada", [
        (L01, "totipotent-which", True, 0),
        (L01, "two-properties", False, [0, 1, 2]),
        (L01, "two-properties", True, [0, 1]),
    ])
    share(folder, tmp_path / "user-ben", [
        (L01, "totipotent-which", False, 1),
        (L01, "totipotent-which", False, 3),
        (L01, "totipotent-which", True, 0),
        (L01, "two-properties", False, [0, 2]),
        (L02, "autologous-gvhd", True, 0),
    ])


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


# --- what is computed ---------------------------------------------------------------------

def test_first_try_shares_and_the_commonest_wrong_option(folder, tmp_path):
    two_learners(folder, tmp_path)
    shared = read_shared_folder(folder)
    assert len(shared.copies) == 2 and shared.skipped == [] and shared.notes == []
    course, problems = load_course(QUIZZES)
    assert problems == []
    summaries = {(s.notebook, s.question.id): s
                 for s in question_summaries(course, shared.learners)}
    totipotent = summaries[(L01, "totipotent-which")]
    assert (totipotent.learners, totipotent.right_first_try) == (2, 1)
    assert totipotent.share == 0.5
    (first, count), (second, _) = totipotent.wrong[:2]
    options = question(L01, "totipotent-which").options
    assert count == 1 and first.label == f"“{options[1].text}”"
    assert first.feedback == options[1].feedback and second.feedback == options[3].feedback
    # both learners ticked the wrong "any cell type" option at least once: counted once each
    properties = summaries[(L01, "two-properties")]
    assert properties.share == 0.0
    wrong, count = properties.wrong[0]
    assert count == 2 and wrong.feedback == question(L01, "two-properties").options[2].feedback
    assert summaries[(L02, "autologous-gvhd")].share == 1.0
    unanswered = summaries[(L01, "msc-name")]
    assert unanswered.learners == 0 and math.isnan(unanswered.share)
    assert list(summaries) == [(quiz.notebook, q.id) for quiz in course for q in quiz.questions]


def test_each_kind_of_wrong_answer_names_its_feedback():
    single = question(L01, "totipotent-which")
    assert [w.feedback for w in wrong_answers(single, 2)] == [single.options[2].feedback]
    assert wrong_answers(single, 0) == []  # the right option
    multiple = question(L01, "two-properties")
    # 0 right and ticked; 3 and 4 wrong and ticked; 1 right and left out
    assert [w.feedback for w in wrong_answers(multiple, [0, 3, 4])] == [
        multiple.options[3].feedback, multiple.options[4].feedback,
        multiple.options[1].feedback]
    assert [w.label for w in wrong_answers(multiple, [0, 3, 4])][-1].startswith("left out")
    match = question(L01, "potency-match")
    placed = [item.answer for item in match.items]
    wrong_place = next(c for c in match.choices if c != match.items[2].answer)
    placed[2] = wrong_place
    placed[4] = ""  # no place chosen: not a wrong answer
    (found,) = wrong_answers(match, placed)
    assert found.label == f"“{match.items[2].text}” → {wrong_place}"
    assert found.feedback == match.items[2].feedback
    numeric = question(L01, "cells-per-second")
    hint = numeric.hints[0]
    assert wrong_answers(numeric, str((hint.min + hint.max) / 2))[0].feedback == hint.feedback
    assert wrong_answers(numeric, "10")[0].feedback == numeric.feedback_low
    assert wrong_answers(numeric, "10")[0].label.startswith("too low")
    assert wrong_answers(numeric, "9.9e17")[0].feedback == numeric.feedback_high
    assert wrong_answers(numeric, "9.9e17")[0].label.startswith("too high")
    assert wrong_answers(numeric, "3.82 million") == []  # right
    for odd in (None, "x", [True], {"a": 1}, 1.5, [[1]], "1e999999"):
        for q in (single, multiple, match, numeric):
            assert isinstance(wrong_answers(q, odd), list)


def test_per_lesson_progress(folder, tmp_path):
    every = [(L02, q.id, True, None) for q in load_quiz_file(
        next(QUIZZES.glob("02-*.toml"))).questions]
    share(folder, tmp_path / "user-ada", every + [(L01, "totipotent-which", True, 0)])
    share(folder, tmp_path / "user-ben", every[:3] + [(L01, "msc-name", True, 0),
                                                 (L01, "ips-origin", True, 0)])
    share(folder, tmp_path / "user-cai", [(L01, "msc-name", False, 1)])
    course, _ = load_course(QUIZZES)
    lessons = {s.notebook: s for s in lesson_summaries(course, read_shared_folder(folder).learners)}
    l01, l02, l03 = lessons[L01], lessons[L02], lessons["03-conditions-that-might-benefit"]
    assert (l01.learners, l01.started, l01.finished, l01.questions) == (3, 3, 0, 9)
    assert l01.median_answered == pytest.approx(1 / 9)  # 1, 2 and 1 of 9
    assert (l02.started, l02.finished) == (2, 1)
    assert l02.median_answered == pytest.approx((1 + 3 / 11) / 2)
    assert (l03.started, l03.finished) == (0, 0) and math.isnan(l03.median_answered)


# --- what is skipped, and said ------------------------------------------------------------

def test_bad_files_are_reported_and_skipped(folder, tmp_path, capsys):
    two_learners(folder, tmp_path)
    first = sorted(folder.glob("*.json"))[0]
    (folder / "broken.json").write_text('{"version": 2, "notebooks": {', "utf-8")
    (folder / "latin1.json").write_bytes(b'{"name": "\xe9"}')
    (folder / "hello.json").write_text('{"hello": 1}', "utf-8")
    (folder / "empty.json").write_bytes(b"")
    (folder / "future.json").write_text(json.dumps({"version": 99, "notebooks": {}}), "utf-8")
    # named to sort after any share id, so the share id's file is the one kept
    (folder / "zz-copy-of-the-first.json").write_bytes(first.read_bytes())
    (folder / ".share-in-progress.json").write_text("{ half written", "utf-8")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    # Ada shares again later, with one more answer: her older copy is a duplicate
    old = json.loads(first.read_text("utf-8"))
    older = folder / "older-copy.json"
    old["shared"]["at"] = (START - timedelta(days=2)).isoformat()
    older.write_text(json.dumps(old), "utf-8")
    # a copy with one damaged attempt is used for the rest
    damaged = json.loads(first.read_text("utf-8"))
    damaged["shared"]["share_id"] = "partly-damaged"
    damaged["notebooks"][L01]["totipotent-which"]["attempts"].append({"correct": "yes"})
    (folder / "partly.json").write_text(json.dumps(damaged), "utf-8")

    shared = read_shared_folder(folder)
    reasons = dict(shared.skipped)
    assert reasons["broken.json"] == "damaged (not valid JSON)"
    assert reasons["latin1.json"] == "damaged (not UTF-8 text)"
    assert reasons["deep.json"] == "damaged (not valid JSON)"
    assert reasons["hello.json"] == "not a course results file"
    assert reasons["empty.json"] == "empty"
    assert "newer version" in reasons["future.json"]
    assert reasons["zz-copy-of-the-first.json"] == f"duplicate: the same content as {first.name}"
    assert reasons["older-copy.json"].startswith("duplicate: an older copy")
    assert first.name in reasons["older-copy.json"]
    assert ".share-in-progress.json" not in reasons
    assert sorted(c.name for c in shared.copies) == sorted(
        [p.name for p in folder.glob("*.json") if len(p.stem) == 16] + ["partly.json"])
    assert [name for name, _ in shared.notes] == ["partly.json"]
    assert "damaged" in shared.notes[0][1]

    code, out = run(capsys, folder, "--out", tmp_path / "report")
    assert code == 0
    assert "Read 3 learners' results files" in out and "Skipped 8 files:" in out
    for name in reasons:
        assert f"{name}: {reasons[name]}" in out
    assert ".share-in-progress" not in out
    markdown = (tmp_path / "report" / "class-report.md").read_text("utf-8")
    assert "`hello.json`: not a course results file." in markdown
    (line,) = [line for line in markdown.splitlines() if line.startswith("- `partly.json`")]
    assert "damaged" in line and "the rest of it was used" in line


def test_the_newest_copy_of_a_learner_wins_whatever_the_file_names(folder, tmp_path):
    path = share(folder, tmp_path / "user-ada", [(L01, "msc-name", False, 1)], at=START)
    newer = json.loads(path.read_text("utf-8"))
    newer["notebooks"][L01]["msc-name"]["attempts"].append({"at": None, "correct": True})
    newer["shared"]["at"] = (START + timedelta(days=1)).isoformat()
    (folder / "0-newer.json").write_text(json.dumps(newer), "utf-8")
    shared = read_shared_folder(folder)
    assert [c.name for c in shared.copies] == ["0-newer.json"]
    assert [name for name, _ in shared.skipped] == [path.name]


def test_answers_to_questions_no_longer_in_the_course_are_ignored(folder, tmp_path, capsys):
    share(folder, tmp_path / "user-ada", [(L01, "msc-name", True, 0), (L01, "retired", False, 2),
                                     ("99-old-lesson", "q1", True, 0)])
    code, _ = run(capsys, folder, "--out", tmp_path / "report")
    assert code == 0
    markdown = (tmp_path / "report" / "class-report.md").read_text("utf-8")
    assert "Answers to 2 questions no longer in the course were ignored." in markdown
    table = pd.read_csv(tmp_path / "report" / "class-report.csv")
    assert "retired" not in set(table["question_id"])


def test_an_empty_folder_writes_nothing(folder, tmp_path, capsys):
    (folder / "notes.txt").write_text("not a results file", "utf-8")
    code, out = run(capsys, folder, "--out", tmp_path / "report")
    assert code == 0
    assert "No learner's results could be used" in out and "no report was written" in out
    assert not (tmp_path / "report").exists()


def test_a_folder_of_bad_files_writes_nothing_but_says_why(folder, tmp_path, capsys):
    (folder / "hello.json").write_text('{"hello": 1}', "utf-8")
    code, out = run(capsys, folder, "--out", tmp_path / "report")
    assert code == 0 and "hello.json: not a course results file" in out
    assert not (tmp_path / "report").exists()


def test_missing_folders_are_plain_messages_with_status_2(tmp_path, capsys):
    code, out = run(capsys, tmp_path / "nowhere", "--out", tmp_path / "report")
    assert code == 2 and "There is no folder" in out and "nowhere" in out
    (tmp_path / "shared").mkdir()
    code, out = run(capsys, tmp_path / "shared", "--quizzes", tmp_path / "no-quizzes")
    assert code == 2 and "quiz files were not found" in out and "--quizzes" in out
    assert not (tmp_path / "report").exists()


def test_the_default_quiz_folder_is_the_current_folders(folder, tmp_path, capsys, monkeypatch):
    """A plain ``pip install`` holds no quiz files: the report reads quizzes/ where it runs,
    and away from a copy of the course it says how to point it at one."""
    assert class_report.default_quizzes() == Path("quizzes")
    two_learners(folder, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, folder)
    assert code == 2 and f"there is no folder quizzes/ in {tmp_path}" in out
    assert "Run this command from your copy of the course" in out and "--quizzes" in out
    assert not (tmp_path / "class-report").exists()


# --- what is written ----------------------------------------------------------------------

def test_the_report_files(folder, tmp_path, capsys, monkeypatch):
    two_learners(folder, tmp_path)
    (tmp_path / "quizzes").symlink_to(QUIZZES)  # run from a copy of the course
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, folder)
    report = tmp_path / "class-report"
    assert code == 0 and str(report) in out
    assert "Read 2 learners' results files" in out and "Skipped 0 files." in out

    table = pd.read_csv(report / "class-report.csv", keep_default_na=False)
    assert list(table.columns) == COLUMNS
    course, _ = load_course(QUIZZES)
    assert len(table) == sum(len(quiz.questions) for quiz in course)
    row = table[table["question_id"] == "totipotent-which"].iloc[0]
    assert (row["learners"], float(row["right_first_try_share"])) == (2, 0.5)
    option = question(L01, "totipotent-which").options[1]
    assert row["most_common_wrong_answer"] == f"“{option.text}”"
    assert row["most_common_wrong_answer_learners"] == 1
    assert row["most_common_wrong_answer_feedback"] == option.feedback

    with Image.open(report / "class-report.png") as image:
        assert image.format == "PNG" and image.width > 600

    markdown = (report / "class-report.md").read_text("utf-8")
    lessons = lesson_summaries(course, read_shared_folder(folder).learners)
    alt = alt_text(lessons)
    assert f"![{alt}](class-report.png)" in markdown
    assert markdown.count(alt) == 2 and f"\n{alt}\n" in markdown
    assert "lesson 01, 2 started (100%) and 0 answered every question (0%)" in alt
    assert "no one started lessons 00, 03, 04, 05, 06 and 07" in alt
    hardest = markdown.split("## Questions the class found hardest")[1].split("\n## ")[0]
    prompt = question(L01, "two-properties").prompt
    assert hardest.index(prompt) < hardest.index(question(L01, "totipotent-which").prompt)
    options = question(L01, "two-properties").options
    assert f"The misconception, as its feedback puts it: {options[2].feedback}" in hardest
    # a right box left out is not a misconception: its feedback says why it belongs
    assert f"Why it belongs, as its feedback puts it: {options[1].feedback}" in hardest
    assert "| 01 · Understanding stem cells | 9 | 2 of 2 |" in markdown
    assert "None of them carries a name or username." in markdown
    assert "user-ada" not in markdown and "user-ben" not in markdown


def test_names_are_noted_but_not_shown(folder, tmp_path, capsys):
    share(folder, tmp_path / "user-ada", [(L01, "msc-name", True, 0)], with_name=True)
    code, _ = run(capsys, folder, "--out", tmp_path / "report")
    assert code == 0
    markdown = (tmp_path / "report" / "class-report.md").read_text("utf-8")
    assert "1 of them carries the learner's username" in markdown
    assert "user-ada" not in markdown


def test_the_figure_is_titled_and_labelled(folder, tmp_path):
    two_learners(folder, tmp_path)
    course, _ = load_course(QUIZZES)
    lessons = lesson_summaries(course, read_shared_folder(folder).learners)
    fig = progress_figure(lessons, "quiz results shared by 2 learners.")
    (ax,) = fig.axes
    assert ax.get_title() == "How far the class got in each lesson's quiz"
    assert ax.get_xlabel() == "Learners (% of the 2 whose results were read)"
    assert ax.get_ylabel() == "Lesson"
    assert [t.get_text() for t in ax.get_yticklabels()][1] == "01 · Understanding stem cells"
    assert ax.get_xlim() == (0, 100)
    assert "Source: quiz results shared by 2 learners." in fig.get_supxlabel()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Answered every question", "Started, not finished", "Not started"]
    # nothing is cut off at the figure's edges: the title, the key and the lesson names
    fig.canvas.draw()
    box = fig.bbox
    for artist in (ax.title, ax.get_legend(), *ax.get_yticklabels()):
        extent = artist.get_window_extent()
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1, (artist, extent, box)
        assert box.y0 <= extent.y0 and extent.y1 <= box.y1, (artist, extent, box)


def test_question_table_of_no_learners_keeps_its_columns():
    course, _ = load_course(QUIZZES)
    table = question_table(question_summaries(course, []))
    assert list(table.columns) == COLUMNS and (table["learners"] == 0).all()
