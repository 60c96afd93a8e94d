"""Today's review set: which saved questions to ask again, chosen from the learner's attempts.

:func:`plan_review` looks at every question of the quiz files it is given and asks
:func:`stemimmune.engine.progress.question_state` where each one stands (see that module
for the Leitner rules). Then:

* **Due questions** come first: those answered wrong last time (box 0), then the others by
  the day they fell due (earliest first), then in course order. At most ``cap`` (10) are
  asked in one sitting; the rest wait for the next.
* **A new learner** (no question answered since the schedule began) gets a short starter
  set: the first question of each lesson.
* **Nothing due**: the plan says when the next question is due, and how many are due then.

Nothing here is random, and "today" is a parameter: the same progress file and the same day
always give the same set.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, tzinfo

from ..progress import QuestionState, Results, question_state, schedule_start
from ..progress.schedule import migration_day
from ..quizzes import Question, QuizFile

#: The most questions asked in one review sitting.
CAP = 10


def section_anchor(section: str) -> str:
    """The id JupyterLab and nbconvert give the heading ``section``: spaces become '-'."""
    return section.strip().replace(" ", "-")


@dataclass(frozen=True)
class ReviewItem:
    """One question in a review: where it comes from, and why it is asked today."""

    notebook: str
    question: Question
    state: QuestionState | None  #: None for a starter question (never answered)
    lesson: str = ""  #: "04 · Current research" (the quiz file's :attr:`QuizFile.lesson`)

    @property
    def reason(self) -> str:
        """Why it is in today's set, in a learner's words."""
        if self.state is None:
            return "a starter question"
        if self.state.box == 0:
            return "you answered it wrong last time"
        return f"due again: you last got it right on {long_date(self.state.last_answered)}"

    @property
    def link(self) -> str:
        """A relative link to the section of the lesson that teaches it."""
        anchor = f"#{section_anchor(self.question.section)}" if self.question.section else ""
        return f"{self.notebook}.ipynb{anchor}"

    @property
    def where_taught(self) -> str:
        """ "Lesson 04 · ..., section 2. A fair comparison"."""
        where = f"Lesson {self.lesson or QuizFile(self.notebook, ()).lesson}"
        return f"{where}, section {self.question.section}" if self.question.section else where


@dataclass(frozen=True)
class ReviewPlan:
    """What to ask today, and the whole schedule it came from."""

    today: date
    kind: str                                   #: "due", "starter" or "nothing due"
    items: tuple[ReviewItem, ...]
    #: Every scheduled question: (notebook, question) -> state, in course order.
    schedule: dict[tuple[str, str], QuestionState] = field(default_factory=dict)
    waiting: int = 0                             #: due today but beyond the cap

    @property
    def due_count(self) -> int:
        """How many questions are due today (asked now, or waiting for the next sitting)."""
        return len(self.items) + self.waiting if self.kind == "due" else 0

    @property
    def next_due(self) -> date | None:
        """The first day after today on which a question falls due (None: none scheduled)."""
        later = [s.due for s in self.schedule.values() if s.due > self.today]
        return min(later) if later else None

    @property
    def next_due_count(self) -> int:
        """How many questions fall due on :attr:`next_due`."""
        day = self.next_due
        return sum(s.due == day for s in self.schedule.values()) if day else 0

    def boxes(self) -> dict[int, int]:
        """How many scheduled questions are in each box (0 to 4)."""
        counts = {box: 0 for box in range(5)}
        for state in self.schedule.values():
            counts[state.box] += 1
        return counts


def long_date(day: date) -> str:
    """ "Friday 4 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def plan_review(quiz_files: Iterable[QuizFile], results: Results, today: date,
                cap: int = CAP, tz: tzinfo | None = None) -> ReviewPlan:
    """Choose today's review set from the learner's saved results (see the module text)."""
    files = list(quiz_files)
    since = schedule_start(results.learner)
    undated = migration_day(results.learner, tz)
    schedule: dict[tuple[str, str], QuestionState] = {}
    lessons = {f.notebook: f.lesson for f in files}
    order: dict[tuple[str, str], int] = {}
    questions: dict[tuple[str, str], Question] = {}
    for quiz_file in files:
        saved = results.attempts.get(quiz_file.notebook, {})
        for question in quiz_file.questions:
            key = (quiz_file.notebook, question.id)
            order[key], questions[key] = len(order), question
            state = question_state(saved.get(question.id, []), since, undated, tz)
            if state is not None:
                schedule[key] = state
    if not schedule:
        starters = [ReviewItem(f.notebook, f.questions[0], None, f.lesson)
                    for f in files if f.questions]
        return ReviewPlan(today, "starter", tuple(starters[:cap]), schedule)
    due = sorted((key for key, state in schedule.items() if state.is_due(today)),
                 key=lambda key: (schedule[key].box != 0, schedule[key].due, order[key]))
    if not due:
        return ReviewPlan(today, "nothing due", (), schedule)
    items = tuple(ReviewItem(key[0], questions[key], schedule[key], lessons[key[0]])
                  for key in due[:cap])
    return ReviewPlan(today, "due", items, schedule, waiting=max(0, len(due) - cap))
