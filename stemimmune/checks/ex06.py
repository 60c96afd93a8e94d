"""Checks for exercise 06: a red-flag finder for (fictional) clinic adverts.

The learner writes ``find_red_flags(text)``, which returns the set of red-flag ids whose
phrases appear in ``text``, and ``is_negated(words_before)``, which says whether one of the
few words before a match is a negation such as "not". The last check measures the finder
on the course's labelled fictional adverts (``data/fictional_clinic_adverts.csv``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..adverts import Advert, load_adverts, load_red_flags
from .common import CheckFailed, NotAnswered, call_learner, passed

ADVERTS, FLAGS = "fictional_clinic_adverts.csv", "red_flag_categories.csv"
#: Share of the annotated red flags the finder must find in the adverts.
MIN_RECALL = 0.80
#: Most red flags the finder may report that an advert's labels do not include.
MAX_FALSE_ALARMS = 2
#: How many missed flags or false alarms a message lists.
SHOW = 3


def data_folder() -> Path:
    """The course's ``data/`` folder, found as the notebooks find it: ``../data`` from the
    notebook's own folder (also in an nbgrader course, where ``data`` sits beside the
    assignment folders); failing that, the folder next to the package in a course checkout.
    """
    here = Path(__file__).resolve().parents[2] / "data"
    for candidate in (Path.cwd().parent / "data", here):
        if (candidate / ADVERTS).is_file() and (candidate / FLAGS).is_file():
            return candidate
    raise CheckFailed(f"The checks need the course's data files {ADVERTS} and {FLAGS} in a "
                      "data folder next to this notebook's folder (../data). Open the "
                      "notebook from its place in the course folder.")


def red_flag_ids() -> list[str]:
    """The category ids, in file order."""
    return [f.id for f in load_red_flags(data_folder() / FLAGS)]


def labelled_adverts() -> list[Advert]:
    """The fictional adverts with their red-flag labels."""
    folder = data_folder()
    return load_adverts(folder / ADVERTS, load_red_flags(folder / FLAGS))


def _flags(find: Callable[[str], Any], text: str) -> set[str]:
    """Call the learner's finder on ``text``; insist on a set of known ids."""
    result = call_learner(find, "find_red_flags", text)
    shown = f"find_red_flags({text!r:.70})"
    if result is None:
        raise CheckFailed(f"{shown} returned None: did you forget `return found`?")
    if not isinstance(result, (set, frozenset)):
        raise CheckFailed(f"{shown} should return a set of red-flag ids, such as "
                          f"{{'testimonials'}}, but it returned a {type(result).__name__}: "
                          f"{result!r:.80}.")
    unknown = sorted(map(repr, set(result) - set(red_flag_ids())))
    if unknown:
        raise CheckFailed(f"{shown} returned {', '.join(unknown)}, which is not a red-flag "
                          f"id. The ids are the keys of PHRASES: {', '.join(red_flag_ids())}.")
    return set(result)


def _expect(find: Callable[[str], Any], text: str, expected: set[str], why: str) -> None:
    got = _flags(find, text)
    if got != expected:
        shown = ", ".join(sorted(map(repr, got))) or "nothing"
        want = ", ".join(sorted(map(repr, expected))) or "nothing (an empty set)"
        raise CheckFailed(f"For the text {text!r}, find_red_flags found {shown}; "
                          f"expected {want}. {why}")


def _expect_refusal(find: Callable[[str], Any], value: Any) -> None:
    """``find(value)`` should raise TypeError or ValueError, with a message."""
    call = f"find_red_flags({value!r})"
    fix = 'raise TypeError("text must be a string")'
    try:
        result = find(value)
    except NotAnswered:
        raise CheckFailed("Not answered yet: write the body of `find_red_flags` in the cell "
                          "above, run that cell, then run this check again.") from None
    except (TypeError, ValueError) as err:
        if not str(err).strip():
            raise CheckFailed(f"{call} raised {type(err).__name__}, which is right, but "
                              f"without a message. Say what is wrong, e.g. {fix}.") from None
        return
    except Exception as err:
        raise CheckFailed(f"{call} stopped with {type(err).__name__}: {err}. {value!r} is not "
                          f"text: check for that first with isinstance(text, str) and "
                          f"{fix}.") from None
    raise CheckFailed(f"{call} returned {result!r:.60}, but {value!r} is not text, so there "
                      f"is nothing to search. Check first with isinstance(text, str) and "
                      f"{fix}.")


def check_basics(find_red_flags: Callable[[str], Any]) -> None:
    """Task 1: phrases found whatever the case and punctuation; empty and non-text input."""
    _expect(find_red_flags, "", set(), "An empty advert has no red flags.")
    _expect(find_red_flags, "Our clinic is open from nine to five.", set(),
            "This sentence has none of the phrases.")
    _expect(find_red_flags, "Results guaranteed.", {"sure_thing"},
            "'guaranteed' is one of the phrases for sure_thing.")
    _expect(find_red_flags, "RESULTS GUARANTEED!!!", {"sure_thing"},
            "Capital letters should not matter: compare lower-case words (words_of does "
            "that for you).")
    _expect(find_red_flags, "A risk-free procedure.", {"sure_thing"},
            "Punctuation should not matter: words_of turns 'risk-free' into the words "
            "'risk' and 'free', which match the phrase 'risk free'.")
    _expect(find_red_flags, "Our study is patient-funded: join now.", {"pay_to_join"},
            "A phrase of two words must match two words in a row.")
    _expect(find_red_flags, "Guaranteed results, as our testimonials show!",
            {"sure_thing", "testimonials"},
            "Check every category and every phrase, and collect all the flags you find.")
    for value in (None, 42):
        _expect_refusal(find_red_flags, value)
    passed("find_red_flags finds phrases whatever the case and punctuation, returns an empty "
           "set for an empty advert, and refuses input that is not text.")


def check_negation(is_negated: Callable[[list[str]], Any],
                   find_red_flags: Callable[[str], Any]) -> None:
    """Task 2: a negation among the three words before a phrase cancels it."""
    for words, expected in ((["we", "do", "not"], True), (["there", "is", "no"], True),
                            (["we", "can't", "say"], True), ([], False),
                            (["fully", "and", "safely"], False)):
        result = call_learner(is_negated, "is_negated", list(words))
        if not isinstance(result, bool):
            raise CheckFailed(f"is_negated({words!r}) should return True or False, but it "
                              f"returned {result!r:.60} (a {type(result).__name__}).")
        if result != expected:
            raise CheckFailed(f"is_negated({words!r}) returned {result}; expected {expected}"
                              + (": one of these words is in NEGATIONS." if expected else
                                 ": none of these words is a negation."))
    _expect(find_red_flags, "We do not guarantee results.", set(),
            "'not' comes just before 'guarantee': is_negated should cancel the match. Does "
            "find_red_flags call is_negated on the (up to) three words before each match?")
    _expect(find_red_flags, "There is no guarantee that it will help.", set(),
            "'no' comes just before 'guarantee', so this is a denial, not a promise.")
    _expect(find_red_flags, "This treatment is NOT risk-free.", set(),
            "'NOT' is a negation too, once lower-cased.")
    _expect(find_red_flags, "No risk. Guaranteed!", {"sure_thing"},
            "Here 'no' is part of the red-flag phrase 'no risk' itself, so it must still "
            "count: look only at the words before the start of the match.")
    _expect(find_red_flags, "Guaranteed! We do not use testimonials.", {"sure_thing"},
            "Cancel only the match that the negation comes before: 'testimonials' is denied, "
            "'Guaranteed' is not.")
    passed("is_negated works, and find_red_flags ignores phrases that come just after a "
           "negation such as 'not' or 'no'.")


def _sentence_with(find: Callable[[str], Any], text: str, flag: str) -> str:
    """The first sentence of ``text`` in which ``find`` reports ``flag`` (or the text)."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if flag in _flags(find, sentence):
            return sentence
    return text


def check_on_adverts(find_red_flags: Callable[[str], Any]) -> None:
    """Task 3: find at least 80% of the labelled red flags, with at most 2 false alarms."""
    adverts = labelled_adverts()
    missed: list[tuple[Advert, str]] = []
    false_alarms: list[tuple[Advert, str]] = []
    total = sum(len(a.flags) for a in adverts)
    for advert in adverts:
        got = _flags(find_red_flags, advert.text)
        missed += [(advert, f) for f in advert.flags if f not in got]
        false_alarms += [(advert, f) for f in sorted(got - set(advert.flags))]
    found = total - len(missed)
    needed = -(-int(MIN_RECALL * 100) * total // 100)  # 80% of the flags, rounded up
    problems = []
    if found < needed:
        examples = "; ".join(f"advert {a.id} shows {f} in the words “{a.evidence[f]}”"
                             for a, f in missed[:SHOW])
        problems.append(f"find_red_flags finds {found} of the {total} red flags in the "
                        f"adverts ({found / total:.0%}); it needs at least {needed} "
                        f"({MIN_RECALL:.0%}). Some it missed: {examples}. Add phrases "
                        "like these to PHRASES, in lower case and without punctuation")
    if len(false_alarms) > MAX_FALSE_ALARMS:
        examples = "; ".join(
            f"advert {a.id} is not labelled {f}, but your function finds it in “"
            f"{_sentence_with(find_red_flags, a.text, f)}”" for a, f in false_alarms[:SHOW])
        problems.append(f"It raised {len(false_alarms)} false alarms (red flags an advert "
                        f"does not show); at most {MAX_FALSE_ALARMS} are allowed: "
                        f"{examples}. Make that phrase more specific, or check that "
                        "is_negated catches the denial")
    if problems:
        raise CheckFailed(". ".join(problems) + ".")
    alarms = len(false_alarms)
    passed(f"find_red_flags finds {found} of the {total} labelled red flags "
           f"({found / total:.0%}) with {alarms} false alarm{'' if alarms == 1 else 's'}.")
