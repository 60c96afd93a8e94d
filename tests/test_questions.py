"""Grading rules and number parsing, without widgets."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from importlib import resources

import pytest

from stemimmune.engine.quizzes import (
    Hint,
    MatchItem,
    NumberInputError,
    Option,
    Question,
    QuizFileError,
    grade,
    keyed_response,
    load_quiz_file,
    parse_number,
    show_number,
)

SINGLE = Question("s", "single", "Pick one", "Because.", options=(
    Option("right", True, "Yes, because."), Option("wrong", False, "No, because.")))
MULTI = Question("m", "multiple", "Pick all", "Because.", options=(
    Option("a", True, "a is right"), Option("b", True, "b is right"),
    Option("c", False, "c is wrong")))
NUMERIC = Question("n", "numeric", "How many?", "Because.", answer=86400, tolerance=1,
                   units="seconds", feedback_correct="ok", feedback_low="low",
                   feedback_high="high", hints=(Hint(1439, 1441, "minutes!"),))
MATCH = Question("x", "match", "Place", "Because.", choices=("one", "two"), items=(
    MatchItem("A", "one", "A is one"), MatchItem("B", "two", "B is two")))


@pytest.mark.parametrize("text, expected", [
    ("86400", 86400), (" 86,400 ", 86400), ("8.64e4", 86400), ("8.64 × 10^4", 86400),
    ("8.64x10**4", 86400), ("8.64×10⁴", 86400), ("3.8 million", 3.8e6), ("64%", 64),
    ("\u22125", -5), ("1e-3", 0.001),
])
def test_parse_number_accepts_what_people_type(text, expected):
    assert math.isclose(parse_number(text), expected)


@pytest.mark.parametrize("text, words", [
    ("", "empty"), ("   ", "empty"), ("abc", "not a number"), ("1e400", "too large"),
    ("-1e400", "too large"), ("nan", "not a number"), ("3,8", "comma"),
    ("ünïcødé 🧬", "not a number"), (None, "Type your answer"), (42, "Type your answer"),
])
def test_parse_number_explains_bad_input(text, words):
    with pytest.raises(NumberInputError, match=words):
        parse_number(text)


def test_show_number_is_readable():
    assert show_number(86400) == "86,400"
    assert show_number(3819444.4444) == "3,819,444.444"
    assert show_number(1.2e-5) == "1.2e-05"


@pytest.mark.parametrize("response", [None, "", (), 7, -1, True, "0"])
def test_single_rejects_non_answers_without_grading(response):
    result = grade(SINGLE, response)
    assert result.correct is None and result.headline


def test_single_gives_each_options_feedback():
    assert grade(SINGLE, 0).correct is True and grade(SINGLE, 0).details == ("Yes, because.",)
    assert grade(SINGLE, 1).correct is False and grade(SINGLE, 1).details == ("No, because.",)


def test_multiple_needs_exactly_the_keyed_set():
    assert grade(MULTI, {0, 1}).correct is True
    partial = grade(MULTI, {0})
    assert partial.correct is False and any("left out" in d for d in partial.details)
    extra = grade(MULTI, {0, 1, 2})
    assert extra.correct is False and any("c is wrong" in d for d in extra.details)
    assert grade(MULTI, set()).correct is None
    assert grade(MULTI, None).correct is None
    assert grade(MULTI, {9}).correct is None


def test_numeric_feedback_by_direction_and_hint():
    assert grade(NUMERIC, "86400").correct is True
    assert grade(NUMERIC, "100000").details == ("high",)
    assert grade(NUMERIC, "20000").details == ("low",)
    assert grade(NUMERIC, "1440").details == ("minutes!",)
    assert grade(NUMERIC, "1e400").correct is None


def test_match_counts_misplaced_and_empty():
    assert grade(MATCH, ["one", "two"]).correct is True
    wrong = grade(MATCH, ["two", "two"])
    assert wrong.correct is False and "1 of 2" in wrong.headline
    assert grade(MATCH, ["one", ""]).correct is None
    assert grade(MATCH, ["one"]).correct is None
    assert grade(MATCH, ["one", "three"]).correct is None


def test_keyed_response_grades_correct_for_every_kind():
    for q in (SINGLE, MULTI, NUMERIC, MATCH):
        assert grade(q, keyed_response(q)).correct is True


def test_grade_never_raises_even_on_broken_question():
    broken = Question("b", "single", "?", "?", options=())
    result = grade(broken, 0)
    assert result.correct is None


def _write(tmp_path, text):
    path = tmp_path / "99-test.toml"
    path.write_text(text, "utf-8")
    return path


def test_quizzes_load_jsonschema_without_its_slow_iri_checker():
    """Loading the quiz engine does not build rfc3987-syntax's parsers (about 0.9 s in every
    lesson), and the module can still be imported afterwards."""
    code = ("import sys, stemimmune.engine.quizzes\n"
            "print('rfc3987_syntax' in sys.modules)\n"
            "import rfc3987_syntax\n"
            "print(rfc3987_syntax.is_valid_syntax('iri', 'https://example.org/é'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "True"]


def test_the_quiz_schema_uses_no_formats():
    """Without the IRI checker jsonschema leaves "iri" formats unchecked; the quiz schema
    must then use no "format" at all, so that nothing it checks is lost."""
    schema = json.loads(resources.files("stemimmune.engine.quizzes")
                        .joinpath("quiz_schema.json").read_text("utf-8"))

    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)
        elif isinstance(node, list):
            for value in node:
                yield from keys(value)

    assert "format" not in set(keys(schema))


def test_quiz_file_schema_errors_name_the_problem(tmp_path):
    bad = _write(tmp_path, 'notebook = "99-test"\n[[questions]]\nid = "a"\nkind = "single"\n'
                           'prompt = "p"\nexplanation = "e"\n')
    with pytest.raises(QuizFileError, match="options"):
        load_quiz_file(bad)


def test_quiz_file_needs_one_key_for_single(tmp_path):
    text = ('notebook = "99-test"\n[[questions]]\nid = "a"\nkind = "single"\nprompt = "p"\n'
            'explanation = "e"\n[[questions.options]]\ntext = "x"\ncorrect = false\n'
            'feedback = "f"\n[[questions.options]]\ntext = "y"\ncorrect = false\n'
            'feedback = "f"\n')
    with pytest.raises(QuizFileError, match="exactly one correct"):
        load_quiz_file(_write(tmp_path, text))


def test_quiz_file_rejects_unknown_keys_and_bad_toml(tmp_path):
    text = ('notebook = "99-test"\n[[questions]]\nid = "a"\nkind = "match"\nprompt = "p"\n'
            'explanation = "e"\nchoices = ["x", "y"]\nanswer = 3\n[[questions.items]]\n'
            'text = "t"\nanswer = "x"\nfeedback = "f"\n[[questions.items]]\ntext = "u"\n'
            'answer = "y"\nfeedback = "f"\n')
    with pytest.raises(QuizFileError, match="does not use"):
        load_quiz_file(_write(tmp_path, text))
    with pytest.raises(QuizFileError, match="cannot read"):
        load_quiz_file(_write(tmp_path, "notebook = "))
