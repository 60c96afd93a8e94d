"""Today's review as a learner sees it: a few saved questions asked again, with links back.

In the course review notebook::

    from stemimmune.engine.review import TodaysReview
    TodaysReview.from_folder("../quizzes", skip=["00-welcome", "07-course-review"])

It shows, as ordinary outputs: a line saying what today's set is and why; then each
question with a link to the section of the lesson that teaches it, as a quiz card; then the
learner's whole schedule, with a confirmed "Start my schedule again". An answer is saved to
the question's own lesson, so the schedule moves on. In a welcome notebook,
:class:`ReviewsDue` prints one line: how many reviews are due, and where to answer them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from pathlib import Path

import ipywidgets as widgets
from IPython.display import HTML, display

from ..figures import LiveRegion
from ..progress import INTERVALS, SAVE_FAILED, Progress
from ..quizzes import (
    ConfirmRow,
    Question,
    QuizCard,
    QuizFile,
    QuizFileError,
    Result,
    load_quiz_file,
)
from .plan import ReviewItem, ReviewPlan, long_date, plan_review

_BOX_NAMES = {0: "Answered wrong last time (due at once)",
              **{box: f"Box {box}: due {days} day{'s' if days > 1 else ''} after a right "
                      "answer" for box, days in INTERVALS.items()}}


def read_quiz_files(folder: str | Path, skip: Iterable[str] = ()) -> list[QuizFile]:
    """The quiz files of ``folder`` in course order, leaving out the notebooks in ``skip``
    and any file that cannot be read."""
    skipped, files = set(skip), []
    for path in sorted(Path(folder).glob("*.toml")):
        try:
            quiz_file = load_quiz_file(path)
        except QuizFileError:
            continue
        if quiz_file.notebook not in skipped:
            files.append(quiz_file)
    return files


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def summary_sentence(plan: ReviewPlan) -> str:
    """What today's set is, in one or two sentences."""
    if plan.kind == "starter":
        count = len(plan.items)
        return ("You have not answered any lesson questions yet, so here is a starter set: "
                f"the first question of each lesson ({count} question{'s' if count != 1 else ''}"
                "). Once you answer them, the course schedules each one to come back.")
    if plan.kind == "nothing due":
        day, count = plan.next_due, plan.next_due_count
        nxt = (f" The next {'question is' if count == 1 else f'{count} questions are'} due "
               f"on {long_date(day)}." if day else "")
        return f"Nothing is due for review today.{nxt} Come back then: answers spaced over " \
               "days are remembered longer."
    wrong = sum(item.state is not None and item.state.box == 0 for item in plan.items)
    again = len(plan.items) - wrong
    parts = []
    if wrong:
        parts.append(f"{wrong} you answered wrong last time")
    if again:
        parts.append(f"{again} due again after a right answer")
    text = (f"Today's review: {len(plan.items)} question{'s' if len(plan.items) > 1 else ''} "
            f"({' and '.join(parts)}).")
    if plan.waiting:
        text += (f" {plan.waiting} more {'is' if plan.waiting == 1 else 'are'} due and will "
                 "come in your next sitting.")
    return text


def schedule_html(plan: ReviewPlan, titles: dict[tuple[str, str], str],
                  lessons: dict[str, str] | None = None) -> str:
    """The learner's whole schedule: how many questions in each box, and each one's date."""
    if not plan.schedule:
        return ("<p><b>Your schedule</b> is empty: no lesson question has been answered "
                "since it started.</p>")
    boxes = plan.boxes()
    rows = "".join(f"<tr><td>{_esc(_BOX_NAMES[box])}</td><td>{count}</td></tr>"
                   for box, count in boxes.items())
    listing = "".join(
        f"<tr><td>{_esc((lessons or {}).get(nb) or QuizFile(nb, ()).lesson)}</td>"
        f"<td>{_esc(titles.get((nb, qid), qid))}</td>"
        f"<td>{state.box}</td><td>{_esc(long_date(state.due))}</td></tr>"
        for (nb, qid), state in sorted(plan.schedule.items(), key=lambda kv: kv[1].due))
    count = len(plan.schedule)
    scheduled = "1 question is" if count == 1 else f"{count} questions are"
    return (f"<p><b>Your schedule:</b> {scheduled} scheduled.</p>"
            f"<table><thead><tr><th>Where</th><th>Questions</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            "<details><summary>Every scheduled question, by the day it is due</summary>"
            "<table><thead><tr><th>Lesson</th><th>Question</th><th>Box</th><th>Due</th></tr>"
            f"</thead><tbody>{listing}</tbody></table></details>")


def _short(question: Question, length: int = 70) -> str:
    text = question.prompt
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


class TodaysReview:
    """Today's review set, its questions as cards, and the learner's schedule."""

    def __init__(self, quiz_files: list[QuizFile], progress: Progress,
                 today: date | None = None, tz: tzinfo | None = None) -> None:
        self.quiz_files = quiz_files
        self.progress = progress
        self.today = today or date.today()
        self.tz = tz
        self.titles = {(f.notebook, q.id): _short(q) for f in quiz_files for q in f.questions}
        self.lessons = {f.notebook: f.lesson for f in quiz_files}
        self.plan = plan_review(quiz_files, progress.results, self.today, tz=tz)
        self.cards = [QuizCard(item.question, number, on_result=self._recorder(number - 1),
                               name="Review question")
                      for number, item in enumerate(self.plan.items, start=1)]
        self.schedule_view = widgets.HTML(schedule_html(self.plan, self.titles, self.lessons))
        self.message = LiveRegion()
        self.restart_button = widgets.Button(description="Start my schedule again",
                                             icon="undo", layout=widgets.Layout(width="auto"),
                                             tooltip="Forget the schedule; keep your answers")
        self.confirm = ConfirmRow("Yes, start it again", "No, keep it",
                                  on_yes=self._restart, on_no=self._cancel)
        self.confirm_row = self.confirm.row
        self.confirm_button, self.cancel_button = self.confirm.yes_button, self.confirm.no_button
        self.restart_button.on_click(lambda _: self._ask_to_confirm())
        self.schedule_widget = widgets.VBox([self.schedule_view, self.restart_button,
                                             self.confirm_row, self.message])
        self.schedule_widget.add_class("stemimmune-review-schedule")

    @classmethod
    def from_folder(cls, quiz_folder: str | Path, skip: Iterable[str] = (),
                    progress: Progress | None = None, today: date | None = None
                    ) -> TodaysReview:
        """The review for the quiz files of ``quiz_folder`` (less ``skip``), from the saved
        results; a problem with the saved file is printed, never raised."""
        progress = progress if progress is not None else Progress.load()
        for warning in progress.warnings:
            print(f"ℹ︎ {warning}")
        progress.warnings.clear()
        return cls(read_quiz_files(quiz_folder, skip), progress, today)

    # --- answering ------------------------------------------------------------------------
    def _recorder(self, index: int) -> Callable[[Question, Result], None]:
        """What the card at ``index`` does after a graded Check: save it to its lesson."""
        def record(question: Question, result: Result) -> None:
            self.progress.record(self.plan.items[index].notebook, question.id,
                                 bool(result.correct), response=self.cards[index].last_response)
            self._redraw_schedule()
        return record

    def _redraw_schedule(self) -> None:
        plan = plan_review(self.quiz_files, self.progress.results, self.today, tz=self.tz)
        self.schedule_view.value = schedule_html(plan, self.titles, self.lessons)

    def _ask_to_confirm(self) -> None:
        self.confirm.ask()
        self.message.value = ("<p><b>Start your review schedule again?</b> Your answers stay "
                              "saved and your scores do not change; only the schedule forgets "
                              "them, so the next review is a starter set.</p>")

    def _cancel(self) -> None:
        self.message.value = "<p>Nothing was changed.</p>"

    def _restart(self) -> None:
        self.progress.restart_schedule()
        self._redraw_schedule()
        problems = [w for w in self.progress.warnings if w.startswith(SAVE_FAILED)]
        self.message.value = f"<p>{_esc(problems[-1])}</p>" if problems else (
            "<p>Your schedule starts again from now. Run this cell again for a fresh set.</p>")

    # --- showing --------------------------------------------------------------------------
    def item_html(self, number: int, item: ReviewItem) -> str:
        """The line above a question: its number, the link to where it is taught, and why."""
        return (f'<p style="margin:14px 0 0 0"><b>Review question {number} of '
                f'{len(self.plan.items)}</b>: {_esc(item.reason)}. Taught in '
                f'<a href="{_esc(item.link)}">{_esc(item.where_taught)}</a>.</p>')

    def _ipython_display_(self) -> None:
        display(HTML(f"<p><b>{_esc(summary_sentence(self.plan))}</b></p>"))
        for number, (item, card) in enumerate(zip(self.plan.items, self.cards), start=1):
            display(HTML(self.item_html(number, item)))
            display(card)
        display(self.schedule_widget_bundle(), raw=True)

    def schedule_widget_bundle(self) -> dict[str, object]:
        """The schedule as a live widget, with HTML and text for static readers."""
        bundle = self.schedule_widget._repr_mimebundle_()
        data = dict(bundle[0] if isinstance(bundle, tuple) else bundle)
        data["text/html"] = self.schedule_view.value
        data["text/plain"] = "Your review schedule (run the notebook to see yours)."
        return data


class ReviewsDue:
    """One line for the welcome notebook: how many reviews are due today, and where."""

    def __init__(self, plan: ReviewPlan, link: str, link_text: str) -> None:
        self.plan = plan
        self.link = link
        self.link_text = link_text

    @classmethod
    def from_folder(cls, quiz_folder: str | Path, link: str, link_text: str,
                    skip: Iterable[str] = (), progress: Progress | None = None,
                    today: date | None = None) -> ReviewsDue:
        """``link`` goes to the review (``"07-course-review.ipynb#…"``), named ``link_text``."""
        progress = progress if progress is not None else Progress.load()
        plan = plan_review(read_quiz_files(quiz_folder, skip), progress.results,
                           today or date.today())
        return cls(plan, link, link_text)

    def sentence(self) -> str:
        """The line as plain text."""
        plan = self.plan
        if plan.kind == "due":
            count = plan.due_count
            return f"Reviews due today: {count} question{'s' if count != 1 else ''}."
        if plan.kind == "nothing due":
            day = plan.next_due
            return "No reviews are due today." + (f" The next is on {long_date(day)}."
                                                  if day else "")
        return ("No reviews yet: answer questions in the lessons, and they will come back "
                "for review after 1, 3, 7 and 21 days.")

    def _repr_html_(self) -> str:
        return (f"<p><b>{_esc(self.sentence())}</b> Your review is in "
                f'<a href="{_esc(self.link)}">{_esc(self.link_text)}</a>.</p>')

    def __repr__(self) -> str:
        return f"{self.sentence()} Your review is in {self.link_text}."
