"""When each question is due for review again: Leitner boxes, worked out from the attempts.

The schedule is not stored: it is replayed from a question's saved attempts, so the same
file and the same date always give the same schedule. The rules:

* A question answered **wrong** goes to box 0: it is due at once.
* A question answered **right** moves up one box (to at most box 4) and is due again that
  many days later: box 1 after 1 day, box 2 after 3, box 3 after 7, box 4 after 21
  (:data:`INTERVALS`). A right answer given before the question is due (answering it again
  the same day, say) does not move it up: only a review when due counts.
* Days are calendar days in the computer's own time zone (or the ``tz`` given).
* Attempts from before the learner last started the schedule again (``schedule_since`` in
  the file) are kept but not counted. Attempts whose time is unknown (carried over from an
  older file) count as made on the day the file was migrated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from .store import Attempt, parse_time

#: Days until a question in each box is due again.
INTERVALS: dict[int, int] = {1: 1, 2: 3, 3: 7, 4: 21}
#: The highest box: a question answered right when due, four times running, stays there.
TOP_BOX = max(INTERVALS)


@dataclass(frozen=True)
class QuestionState:
    """Where a question stands in the schedule."""

    box: int             #: 0 (answered wrong last time) to 4
    due: date            #: the day it is due for review
    last_answered: date  #: the day of the last attempt the schedule counted

    def is_due(self, today: date) -> bool:
        """True if the question belongs in the review of ``today``."""
        return self.due <= today

    @property
    def describe(self) -> str:
        """In a learner's words: "answered wrong last time" or "box 2 (every 3 days)"."""
        if self.box == 0:
            return "answered wrong last time"
        days = INTERVALS[self.box]
        return f"box {self.box} (every {days} day{'s' if days > 1 else ''})"


def schedule_start(learner: dict[str, Any]) -> datetime | None:
    """When the learner last started the schedule again (None: never)."""
    return parse_time(learner.get("schedule_since"), naive_as_utc=False)


def migration_day(learner: dict[str, Any], tz: tzinfo | None = None) -> date:
    """The day attempts of unknown time count as made: the day the file was migrated."""
    migrated = parse_time(learner.get("migrated_at"), naive_as_utc=False)
    return migrated.astimezone(tz).date() if migrated else date(1970, 1, 1)


def question_state(attempts: Iterable[Attempt], since: datetime | None = None,
                   undated_day: date = date(1970, 1, 1),
                   tz: tzinfo | None = None) -> QuestionState | None:
    """Replay a question's attempts (oldest first) through the boxes; None if none count."""
    box: int | None = None
    due = last = undated_day
    for attempt in attempts:
        if attempt.at is None:
            if since is not None:
                continue  # made before any restart of the schedule
            day = undated_day
        else:
            if since is not None and attempt.at < since:
                continue
            day = attempt.at.astimezone(tz).date()
        last = day
        if not attempt.correct:
            box, due = 0, day
        elif box is None or box == 0 or day >= due:
            box = min((box or 0) + 1, TOP_BOX)
            due = day + timedelta(days=INTERVALS[box])
        # else: right, but before it was due: it stays where it is
    if box is None:
        return None
    return QuestionState(box=box, due=due, last_answered=last)
