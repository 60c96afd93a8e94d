"""The learner's quiz scores for the whole course, with a button to start again.

In the welcome notebook::

    from stemimmune.engine.quizzes import CourseProgress
    CourseProgress.from_folder("../quizzes")

It reads the saved results (``stemimmune.engine.progress.store``) and the quiz files, and shows one
row per lesson: how many of its questions have been answered correctly, and how many on
the first try. **Refresh** reads the saved file again; **Reset all my quiz results** asks
for confirmation, then forgets every lesson's results.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from ..progress import SAVE_FAILED, Progress
from .confirm import ConfirmRow
from .questions import QuizFileError, load_quiz_file

_BAR, _TRACK = "#0072B2", "#E8E8E8"  # Okabe–Ito blue on light grey; numbers carry the meaning


@dataclass(frozen=True)
class LessonScore:
    """One lesson's saved score."""

    notebook: str
    total: int
    correct: int
    first_try: int

    @property
    def title(self) -> str:
        """ "01 · Understanding stem cells" from the notebook name "01-understanding-stem-cells"."""
        number, _, slug = self.notebook.partition("-")
        return f"{number} · {slug.replace('-', ' ').capitalize()}" if slug else number

    @property
    def status(self) -> str:
        """A few words for the learner: not started, how far, or done."""
        if self.correct == 0:
            return "not started" if self.total else "no questions"
        if self.correct == self.total:
            return "all correct"
        return f"{self.total - self.correct} to go"


def course_scores(quiz_folder: str | Path, progress: Progress) -> list[LessonScore]:
    """A score for each quiz file in the folder, in course order; unreadable files skipped."""
    scores = []
    for path in sorted(Path(quiz_folder).glob("*.toml")):
        try:
            quiz_file = load_quiz_file(path)
        except QuizFileError:
            continue
        ids = {q.id for q in quiz_file.questions}
        saved = {k: v for k, v in progress.answers.get(quiz_file.notebook, {}).items()
                 if k in ids}
        scores.append(LessonScore(quiz_file.notebook, len(ids),
                                  sum(a.correct for a in saved.values()),
                                  sum(a.first_try for a in saved.values())))
    return scores


def scores_as_text(scores: list[LessonScore]) -> str:
    """The table as plain text (for static renders and screen readers)."""
    lines = ["Your quiz scores so far:"]
    for s in scores:
        lines.append(f"- {s.title}: {s.correct} of {s.total} correct "
                     f"({s.first_try} on the first try), {s.status}")
    right, total = sum(s.correct for s in scores), sum(s.total for s in scores)
    lines.append(f"Whole course: {right} of {total} questions answered correctly.")
    return "\n".join(lines)


def scores_as_html(scores: list[LessonScore]) -> str:
    """The table as HTML, with a small bar per lesson; every bar also says its numbers."""
    rows = []
    for s in scores:
        share = 100 * s.correct / s.total if s.total else 0
        bar = (f'<div style="background:{_TRACK};width:8em;height:0.8em;display:inline-block;'
               f'vertical-align:middle"><div style="background:{_BAR};width:{share:.0f}%;'
               f'height:100%"></div></div>')
        rows.append(f"<tr><td>{html.escape(s.title)}</td><td>{s.correct} of {s.total}</td>"
                    f"<td>{s.first_try}</td><td>{bar} {html.escape(s.status)}</td></tr>")
    right, total = sum(s.correct for s in scores), sum(s.total for s in scores)
    return ("<table><caption style='text-align:left'><b>Your quiz scores so far</b></caption>"
            "<thead><tr><th>Lesson</th><th>Answered correctly</th><th>On the first try</th>"
            f"<th>Progress</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"<p>Whole course: <b>{right} of {total}</b> questions answered correctly.</p>")


class CourseProgress:
    """The course-wide score table as a widget, with Refresh and a confirmed Reset."""

    def __init__(self, quiz_folder: str | Path, progress: Progress) -> None:
        self.quiz_folder = Path(quiz_folder)
        self.progress = progress
        self.table = widgets.HTML()
        self.message = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh",
                                             tooltip="Read your saved results again")
        self.reset_button = widgets.Button(description="Reset all my quiz results",
                                           button_style="warning", icon="trash",
                                           layout=widgets.Layout(width="auto"))
        self.confirm = ConfirmRow("Yes, forget every result", "No, keep them",
                                  on_yes=self._reset, on_no=self._cancel, style="danger")
        self.confirm_row = self.confirm.row
        self.confirm_button, self.cancel_button = self.confirm.yes_button, self.confirm.no_button
        self.refresh_button.on_click(lambda _: self.refresh())
        self.reset_button.on_click(lambda _: self._ask_to_confirm())
        self.widget = widgets.VBox([self.table,
                                    widgets.HBox([self.refresh_button, self.reset_button]),
                                    self.confirm_row, self.message])
        self.widget.add_class("stemimmune-course-progress")
        self._draw([])

    @classmethod
    def from_folder(cls, quiz_folder: str | Path, progress: Progress | None = None
                    ) -> CourseProgress:
        """Scores for every quiz file in ``quiz_folder``, read from the learner's saved file."""
        return cls(quiz_folder, progress if progress is not None else Progress.load())

    def scores(self) -> list[LessonScore]:
        """The current scores, as saved."""
        return course_scores(self.quiz_folder, self.progress)

    def refresh(self) -> None:
        """Read the saved file again and redraw the table."""
        self.progress = Progress.load(self.progress.path)
        self._draw(["Scores read again from your saved results."])

    def _draw(self, notes: list[str]) -> None:
        self.table.value = scores_as_html(self.scores())
        notes = [*self.progress.warnings, *notes]
        self.message.value = "".join(f"<p>{html.escape(n)}</p>" for n in notes)

    def _ask_to_confirm(self) -> None:
        self.confirm.ask()
        self.message.value = ("<p><b>Forget the results of every lesson?</b> This cannot be "
                              "undone. Your notebooks and exercises are not changed.</p>")

    def _cancel(self) -> None:
        self.message.value = "<p>Nothing was changed.</p>"

    def _reset(self) -> None:
        self.progress.reset()
        self.table.value = scores_as_html(self.scores())
        done = ("All saved quiz results were forgotten. A lesson that is open in another "
                "tab still shows its old score until you restart its kernel.")
        problems = [w for w in self.progress.warnings if w.startswith(SAVE_FAILED)]
        self.message.value = f"<p>{html.escape(problems[-1] if problems else done)}</p>"

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        scores = self.scores()
        bundle["text/plain"] = scores_as_text(scores)
        bundle["text/html"] = scores_as_html(scores)
        return bundle
