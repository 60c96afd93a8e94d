"""Reviewing what was learned: today's spaced review, a reminder, and sharing with an instructor.

:func:`plan_review` chooses today's review set from the learner's saved attempts (Leitner
boxes; see :mod:`stemimmune.engine.progress.schedule`): questions answered wrong, questions
due again, at most ten, or a starter set for a new learner. :class:`TodaysReview` shows that
set as quiz cards, each with a link to the section that teaches it, and the learner's
schedule; :class:`ReviewsDue` is a one-line reminder for the welcome notebook;
:class:`ShareButton` copies the learner's results, by their choice, to a folder their
instructor set up. This part sits above quizzes, figures and progress, and uses all three.
"""

from .plan import CAP, ReviewItem, ReviewPlan, long_date, plan_review, section_anchor
from .session import ReviewsDue, TodaysReview, read_quiz_files, summary_sentence
from .share import ShareButton

__all__ = [
    "CAP", "ReviewItem", "ReviewPlan", "ReviewsDue", "ShareButton", "TodaysReview",
    "long_date", "plan_review", "read_quiz_files", "section_anchor", "summary_sentence",
]
