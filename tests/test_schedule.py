"""The review schedule: Leitner boxes replayed from a question's saved attempts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from stemimmune.engine.progress import (
    INTERVALS,
    Attempt,
    QuestionState,
    Results,
    migration_day,
    question_state,
    schedule_start,
    store,
)

PLUS_TWO = timezone(timedelta(hours=2))
DAY0 = date(2026, 3, 2)


def on(day: int, correct: bool, hour: int = 12) -> Attempt:
    """An attempt ``day`` days after DAY0, at ``hour`` UTC."""
    when = datetime(DAY0.year, DAY0.month, DAY0.day, hour, tzinfo=UTC) + timedelta(days=day)
    return Attempt(when, correct)


def d(day: int) -> date:
    return DAY0 + timedelta(days=day)


def state(*attempts: Attempt, **kwargs) -> QuestionState | None:
    return question_state(attempts, tz=UTC, **kwargs)


def test_the_intervals_are_1_3_7_and_21_days():
    assert INTERVALS == {1: 1, 2: 3, 3: 7, 4: 21}


def test_no_attempts_means_not_scheduled():
    assert state() is None


def test_a_wrong_answer_is_box_0_due_the_same_day():
    assert state(on(0, False)) == QuestionState(box=0, due=d(0), last_answered=d(0))
    assert state(on(0, False)).is_due(d(0))


def test_a_right_answer_moves_up_one_box_due_a_day_later():
    assert state(on(0, True)) == QuestionState(box=1, due=d(1), last_answered=d(0))
    assert not state(on(0, True)).is_due(d(0)) and state(on(0, True)).is_due(d(1))


def test_a_full_leitner_run_walks_the_boxes():
    attempts, seen = [], []
    for day in (0, 1, 4, 11, 32):
        attempts.append(on(day, True))
        now = state(*attempts)
        seen.append((now.box, (now.due - DAY0).days))
    assert seen == [(1, 1), (2, 4), (3, 11), (4, 32), (4, 53)]


def test_a_right_answer_before_it_is_due_does_not_move_it():
    early = state(on(0, True), on(1, True), on(2, True))  # box 2 due day 4; day 2 is early
    assert (early.box, early.due) == (2, d(4))
    assert early.last_answered == d(2)


def test_a_right_answer_the_same_day_does_not_move_it():
    twice = state(on(0, True), on(0, True, hour=13))
    assert twice == QuestionState(box=1, due=d(1), last_answered=d(0))


def test_a_right_answer_late_still_moves_up_one_box():
    late = state(on(0, True), on(10, True))  # due day 1, answered day 10
    assert (late.box, late.due) == (2, d(13))


def test_a_wrong_answer_resets_to_box_0_from_any_box():
    run = [on(0, True), on(1, True), on(4, True), on(11, True)]  # box 4
    assert state(*run).box == 4
    fallen = state(*run, on(20, False))
    assert (fallen.box, fallen.due) == (0, d(20))


def test_after_a_wrong_answer_a_right_one_the_same_day_is_box_1():
    again = state(on(5, False), on(5, True))
    assert (again.box, again.due) == (1, d(6))


def test_attempts_before_schedule_since_are_not_counted():
    since = datetime(2026, 3, 10, 9, tzinfo=UTC)
    assert state(on(0, True), on(1, True), since=since) is None
    restarted = state(on(0, False), on(8, True), on(8, True, hour=9), since=since)
    assert (restarted.box, restarted.due) == (1, d(9))


def test_an_attempt_exactly_at_schedule_since_counts():
    since = datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert state(on(0, True), since=since).box == 1


def test_schedule_start_reads_the_learner_section():
    assert schedule_start({}) is None
    assert schedule_start({"schedule_since": "not a time"}) is None
    assert schedule_start({"schedule_since": "2026-03-02T09:00:00+00:00"}) == datetime(
        2026, 3, 2, 9, tzinfo=UTC)


def test_undated_attempts_count_on_the_migration_day():
    undated = [Attempt(None, False), Attempt(None, True)]
    moved = state(*undated, undated_day=d(0))
    assert moved == QuestionState(box=1, due=d(1), last_answered=d(0))


def test_undated_attempts_are_not_counted_after_a_restart():
    assert state(Attempt(None, True), since=datetime(2026, 3, 5, tzinfo=UTC),
                 undated_day=d(0)) is None


def test_a_migrated_file_is_scheduled_from_its_migration_day(monkeypatch):
    monkeypatch.setattr(store, "now", lambda: datetime(2026, 3, 2, 8, tzinfo=UTC))
    results = Results.from_json({"version": 1, "notebooks": {"01-x": {
        "right-first": {"correct": True, "first_try": True},
        "never-right": {"correct": False, "first_try": False}}}})
    day = migration_day(results.learner, UTC)
    assert day == d(0)
    saved = results.attempts["01-x"]
    assert state(*saved["right-first"], undated_day=day) == QuestionState(1, d(1), d(0))
    assert state(*saved["never-right"], undated_day=day) == QuestionState(0, d(0), d(0))


def test_the_migration_day_is_in_the_time_zone_given():
    learner = {"migrated_at": "2026-03-02T23:30:00+00:00"}
    assert migration_day(learner, UTC) == d(0)
    assert migration_day(learner, PLUS_TWO) == d(1)


def test_a_late_evening_attempt_in_utc_is_the_next_day_two_hours_east():
    late = Attempt(datetime(2026, 3, 2, 23, 30, tzinfo=UTC), False)
    assert question_state([late], tz=UTC).due == d(0)
    assert question_state([late], tz=PLUS_TWO).due == d(1)


@pytest.mark.parametrize("box, words", [(0, "answered wrong last time"),
                                        (1, "box 1 (every 1 day)"),
                                        (4, "box 4 (every 21 days)")])
def test_a_state_describes_itself_plainly(box, words):
    assert QuestionState(box, d(0), d(0)).describe == words
