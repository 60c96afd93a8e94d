"""Quizzes a learner answers with ipywidgets.

In a notebook::

    from stemimmune.engine.quizzes import Quiz
    quiz = Quiz.from_file("../quizzes/01-understanding-stem-cells.toml")
    quiz.ask("potency-zygote")      # one question, with a Check button
    ...
    quiz.score()                    # at the end: "3 of 5 correct"

Each question shows as a live widget where a kernel runs, and as readable text and HTML
(question and options, lettered A, B, C as on the live card) in a static render such as
GitHub or nbconvert. ``tools/execute_notebooks.py`` saves only that static form in the
committed notebooks (no widget view, no widget state), so before anything runs JupyterLab,
GitHub and a plain ``jupyter nbconvert --to html`` all show the question and its options,
offline, instead of an empty box waiting for a widget manager from the internet.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path

import ipywidgets as widgets

from ..progress import Progress
from .maths import with_maths
from .panel import AnswerPanel
from .questions import Question, QuizFile, Result, grade, load_quiz_file

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GOOD, _BAD, _NEUTRAL = "#009E73", "#D55E00", "#0072B2"  # Okabe–Ito: green, vermillion, blue


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _box(colour: str, body: str) -> str:
    return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0;">'
            f"{body}</div>")


def render_result(result: Result, maths: Iterable[tuple[str, str]] = ()) -> str:
    """HTML for a grading result; the words alone carry the meaning, colour only helps.

    ``maths`` are the question's formulas (text form, LaTeX), drawn as maths.
    """
    maths = tuple(maths)
    if result.correct is None:
        icon, colour = "ℹ︎", _NEUTRAL
    elif result.correct:
        icon, colour = "✔", _GOOD
    else:
        icon, colour = "✘", _BAD
    items = "".join(f"<li>{with_maths(_esc(d), maths)}</li>" for d in result.details)
    body = (f"<b>{icon} {with_maths(_esc(result.headline), maths)}</b>"
            + (f"<ul>{items}</ul>" if items else ""))
    return _box(colour, body)


class QuizCard:
    """One question as widgets: the prompt, an :class:`AnswerPanel` and the explanation.

    The panel holds the answer controls, the Check button and the feedback (a live region).
    Tests and notebooks drive it as a learner would: set ``panel.value``, call ``check()``
    (what the Check button does), then read ``feedback`` and ``explanation.value``.
    """

    #: Graded attempts after which the explanation shows even if the answer is still wrong.
    REVEAL_AFTER = 2

    def __init__(self, question: Question, number: int,
                 on_result: Callable[[Question, Result], None] | None = None,
                 name: str = "Question") -> None:
        self.question = question
        self.number = number
        #: What the card calls itself before its number: "Question 3", "Review question 3".
        self.name = name
        self.last_result: Result | None = None
        #: The answer of the last Check, as :meth:`response` gave it.
        self.last_response: object = None
        self.attempts = 0
        self._on_result = on_result
        self.prompt = widgets.HTML(self._prompt_html())
        self.panel = self._make_panel()
        self.panel.observe(self._on_check, names="checks")
        self.explanation = widgets.HTML("")
        self.widget = widgets.VBox(
            [self.prompt, self.panel, self.explanation],
            layout=widgets.Layout(border="1px solid #bbb", padding="6px 12px",
                                  margin="8px 0", width="auto"),
        )
        self.widget.add_class("stemimmune-quiz")

    # --- building -------------------------------------------------------------------------
    def _prompt_html(self) -> str:
        q = self.question
        how = {
            "single": "Choose one answer.",
            "multiple": "Tick every answer that is right.",
            "numeric": f"Type a number (in {q.units}).",
            "match": "Choose a place for each item from its menu.",
        }[q.kind]
        return (f"<b>{_esc(self.name)} {self.number}.</b> "
                f"{with_maths(_esc(q.prompt), q.maths)}<br>"
                f"<i>{_esc(how)}</i>")

    def _make_panel(self) -> AnswerPanel:
        q = self.question
        panel = AnswerPanel(kind=q.kind, label=f"{self.name} {self.number}. {q.prompt}")
        if q.kind in ("single", "multiple"):
            panel.options = [f"{_LETTERS[i]}. {o.text}" for i, o in enumerate(q.options)]
            panel.value = None if q.kind == "single" else []
        elif q.kind == "numeric":
            panel.units, panel.value = q.units, ""
        else:
            panel.items = [item.text for item in q.items]
            panel.choices = list(q.choices)
            panel.value = [""] * len(q.items)
        return panel

    # --- answering ------------------------------------------------------------------------
    @property
    def feedback(self) -> str:
        """The feedback HTML shown after the last Check ("" before the first)."""
        return self.panel.feedback

    def check(self) -> None:
        """Press Check: grade the current answer and show the feedback."""
        self.panel.check()

    def response(self) -> object:
        """The learner's current answer, in the form :func:`grade` expects."""
        value = self.panel.value
        if self.question.kind == "multiple":
            return set(value) if isinstance(value, (list, tuple, set)) else value
        return value

    def _on_check(self, _change: object = None) -> None:
        self.last_response = self.response()
        result = grade(self.question, self.last_response)
        self.last_result = result
        self.panel.feedback = render_result(result, self.question.maths)
        if not result.graded:
            return
        self.attempts += 1
        if result.correct or self.attempts >= self.REVEAL_AFTER:
            why = with_maths(_esc(self.question.explanation), self.question.maths)
            self.explanation.value = _box("#999", f"<b>Why:</b> {why}")
        else:
            self.explanation.value = ("<i>Try again: the full explanation appears when you "
                                      "get it right, or after your second try.</i>")
        if self._on_result is not None:
            self._on_result(self.question, result)

    # --- showing --------------------------------------------------------------------------
    def as_text(self) -> str:
        """The question and its options as plain text, for static renders."""
        q = self.question
        lines = [f"{self.name} {self.number}. {q.prompt}"]
        if q.kind in ("single", "multiple"):
            lines += [f"  {_LETTERS[i]}. {o.text}" for i, o in enumerate(q.options)]
        elif q.kind == "numeric":
            lines.append(f"  Answer in {q.units}.")
        else:
            lines.append(f"  Places: {'; '.join(q.choices)}")
            lines += [f"  - {item.text}" for item in q.items]
        lines.append("  (Run the notebook to answer and get feedback.)")
        return "\n".join(lines)

    def as_html(self) -> str:
        """The question and its options as HTML, for static renders."""
        q = self.question
        parts = [f"<p><b>{_esc(self.name)} {self.number}.</b> {_esc(q.prompt)}</p>"]
        if q.kind in ("single", "multiple"):
            # The letters are written out (not <ol type="A">): JupyterLab's sanitizer drops
            # the type, so the list would be numbered 1, 2, 3 where the live card says A, B, C.
            parts.append("".join(f'<p style="margin:2px 0 2px 1.5em;">{_LETTERS[i]}. '
                                 f"{_esc(o.text)}</p>" for i, o in enumerate(q.options)))
        elif q.kind == "numeric":
            parts.append(f"<p>Answer in {_esc(q.units)}.</p>")
        else:
            parts.append(f"<p>Places: {_esc('; '.join(q.choices))}</p><ul>"
                         + "".join(f"<li>{_esc(i.text)}</li>" for i in q.items) + "</ul>")
        parts.append("<p><i>Run the notebook to answer and get feedback.</i></p>")
        return _box(_NEUTRAL, "".join(parts))

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.as_text()
        bundle["text/html"] = self.as_html()
        return bundle


class ScoreCard:
    """A line that keeps the notebook's score up to date as questions are answered."""

    def __init__(self, quiz: Quiz) -> None:
        self._quiz = quiz
        self.widget = widgets.HTML(self.summary_html())

    def summary(self) -> str:
        """For example: "Your score for this notebook: 3 of 5 correct (2 on the first try)."""
        q = self._quiz
        total, right, first = len(q.file.questions), len(q.correct_ids), len(q.first_try_ids)
        text = f"Your score for this notebook: {right} of {total} correct"
        text += f" ({first} on the first try)." if right else "."
        missing = total - len(q.attempted_ids)
        if missing:
            text += f" {missing} not answered yet."
        if q.progress is not None and q.progress.warnings:
            text += f" ({q.progress.warnings[-1]})"
        return text

    def summary_html(self) -> str:
        """The summary inside a coloured box."""
        return _box(_NEUTRAL, f"<b>{_esc(self.summary())}</b>")

    def refresh(self) -> None:
        """Redraw after an answer."""
        self.widget.value = self.summary_html()

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.summary()
        bundle["text/html"] = self.summary_html()
        return bundle


class Quiz:
    """All the questions of one notebook, and the learner's score on them."""

    def __init__(self, quiz_file: QuizFile, progress: Progress | None = None) -> None:
        self.file = quiz_file
        self.progress = progress
        self.cards: dict[str, QuizCard] = {}
        self.attempted_ids: set[str] = set()
        self.correct_ids: set[str] = set()
        self.first_try_ids: set[str] = set()
        self._scorecards: list[ScoreCard] = []
        self.listeners: list[Callable[[Question, Result], None]] = []
        self._restore()

    @classmethod
    def from_file(cls, path: str | Path, progress: Progress | None = None) -> Quiz:
        """Load a notebook's quiz file (see ``quiz_schema.json``) and the learner's saved
        results (``stemimmune.engine.progress``); a problem with the saved file is printed,
        never raised."""
        progress = progress if progress is not None else Progress.load()
        for warning in progress.warnings:
            print(f"ℹ︎ {warning}")
        progress.warnings.clear()
        return cls(load_quiz_file(path), progress)

    def _restore(self) -> None:
        """Count answers saved in earlier sessions (only for questions still in the file)."""
        if self.progress is None:
            return
        known = {q.id for q in self.file.questions}
        for question_id, answer in self.progress.answers.get(self.file.notebook, {}).items():
            if question_id in known:
                self.attempted_ids.add(question_id)
                if answer.correct:
                    self.correct_ids.add(question_id)
                if answer.first_try:
                    self.first_try_ids.add(question_id)

    def reset_progress(self) -> None:
        """Forget this notebook's saved and current results (the questions stay as they are)."""
        self.attempted_ids.clear()
        self.correct_ids.clear()
        self.first_try_ids.clear()
        if self.progress is not None:
            self.progress.reset(self.file.notebook)
        for card in self._scorecards:
            card.refresh()

    def ask(self, question_id: str) -> QuizCard:
        """Return the card for one question; as a cell's last line, it displays."""
        if question_id not in self.cards:
            number = 1 + [q.id for q in self.file.questions].index(
                self.file.get(question_id).id)
            self.cards[question_id] = QuizCard(self.file.get(question_id), number,
                                               on_result=self._record)
        return self.cards[question_id]

    def _record(self, question: Question, result: Result) -> None:
        if question.id not in self.attempted_ids and result.correct:
            self.first_try_ids.add(question.id)
        self.attempted_ids.add(question.id)
        if result.correct:
            self.correct_ids.add(question.id)
        if self.progress is not None:
            card = self.cards.get(question.id)
            self.progress.record(self.file.notebook, question.id, bool(result.correct),
                                 response=card.last_response if card else None)
        for card in self._scorecards:
            card.refresh()
        for listener in self.listeners:
            listener(question, result)

    def score(self) -> ScoreCard:
        """A score line for the end of the notebook, kept up to date."""
        card = ScoreCard(self)
        self._scorecards.append(card)
        return card
