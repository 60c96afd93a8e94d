"""Every public check function in stemimmune/lessons/lesson*/checks.py, fed learner answers that are
wrong in every generic way: the checker raises CheckFailed (or NotAnswered) with a message
that says what was expected, and nothing else escapes.

Checkers are found by introspection (public functions named check_* defined in each
lesson's checks module), so a new exercise is covered as soon as its module exists. A checker takes
the learner's function(s); every learner function it takes gets the same fuzzed answer.
A checker whose signature cannot be fed that way needs an entry in FUZZ_TABLE.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import stemimmune.lessons as lessons_package
from stemimmune.engine.checking import CheckFailed, NotAnswered

MODULES = [importlib.import_module(f"stemimmune.lessons.{info.name}.checks")
           for info in pkgutil.iter_modules(lessons_package.__path__)
           if re.fullmatch(r"lesson\d+", info.name)]
CHECKERS = [(f"{module.__name__.split('.')[-2]}.{name}", function)
            for module in MODULES
            for name, function in inspect.getmembers(module, inspect.isfunction)
            if function.__module__ == module.__name__ and name.startswith("check_")]


def returning(value):
    return lambda *_args, **_kwargs: value


def raising(error):
    def learner(*_args, **_kwargs):
        raise error
    return learner


def empty_figure(*_args, **_kwargs):
    return plt.figure()


def axes_without_bars(*_args, **_kwargs):
    return plt.subplots()[1]


#: label → the learner's answer (a function, or something that is not one).
ANSWERS = {
    # wrong types
    "returns a str": returning("3.8 million"), "returns bytes": returning(b"42"),
    "returns True": returning(True), "returns a complex": returning(3 + 4j),
    "returns object()": returning(object()), "returns a function": returning(print),
    "returns a list of 3 ints": returning([1, 2, 3]), "returns a tuple": returning((1,)),
    "returns a dict": returning({"a": 1}), "returns a range": returning(range(3)),
    "returns a list of lists": returning([[1], [2], [3]]),
    "returns a Series of text": returning(pd.Series(["a", "b", "c"])),
    "returns a 2-value array": returning(np.array([1.0, 2.0])),
    "returns a one-row DataFrame": returning(pd.DataFrame({"a": [1]})),
    "returns a generator": lambda *_a, **_k: (i for i in range(3)),
    "returns an empty Figure": empty_figure, "returns Axes without bars": axes_without_bars,
    # NaN and None
    "returns NaN": returning(math.nan), "returns numpy NaN": returning(np.float64("nan")),
    "returns [NaN] * 3": returning([math.nan] * 3),
    "returns a Series of NaN": returning(pd.Series([math.nan] * 3)),
    "returns None": returning(None), "returns [None] * 3": returning([None] * 3),
    # empty containers
    "returns []": returning([]), "returns {}": returning({}), "returns set()": returning(set()),
    "returns ()": returning(()), "returns ''": returning(""),
    "returns an empty DataFrame": returning(pd.DataFrame()),
    "returns an empty Series": returning(pd.Series(dtype=float)),
    "returns an empty array": returning(np.array([])),
    # huge values
    "returns 1e308": returning(1e308), "returns -1e308": returning(-1e308),
    "returns 10**400": returning(10**400), "returns -10**400": returning(-10**400),
    "returns inf": returning(math.inf), "returns -inf": returning(-math.inf),
    "returns [10**400] * 3": returning([10**400] * 3),
    "returns [1e308] * 3": returning([1e308] * 3),
    "returns {10**400}": returning({10**400}), "returns numpy 1e308": returning(np.float64(1e308)),
    # raising
    **{f"raises {error!r}": raising(error) for error in (
        ValueError("bad value"), TypeError("bad type"), ZeroDivisionError("division by zero"),
        KeyError("cells per day"), IndexError("out of range"), AttributeError("no attr"),
        RuntimeError("oops"), RecursionError("too deep"), AssertionError("assert"),
        OverflowError("overflow"), StopIteration(), Exception(""), NotAnswered())},
    "has the wrong number of parameters": lambda: 0,
    # not a function at all
    "is None": None, "is 42": 42, "is a string": "def f(x): return x",
    "is a list": [1, 2, 3],
}

#: (checker, answer) pairs for which passing is right: the answer does what the check asks.
ALLOWED_TO_PASS = {
    # every series in this check never engrafts, so None is the right answer throughout
    ("lesson02.check_never_engrafts", "returns None"),
    # the check asks only that input which is not a Series is refused with one of these
    ("lesson02.check_wrong_type", "raises ValueError('bad value')"),
    ("lesson02.check_wrong_type", "raises TypeError('bad type')"),
    ("lesson02.check_wrong_type", "has the wrong number of parameters"),
}

#: Checkers whose arguments are not all learner functions: name → how to call them with
#: one fuzzed answer. (None needed yet: every checker takes only learner functions.)
FUZZ_TABLE: dict[str, object] = {}

#: A message says what was expected: one of these words, and more than a bare error.
EXPECTATION = re.compile(r"(?i)expect|should|must|needs?\b|did you|not answered|return|"
                         r"raise|use |check|divide|multiply|draw|is between|a risk is|a power is")
BARE_PYTHON_ERROR = re.compile(r"^\s*\w*(Error|Exception)\b\s*(:|$)")


def call_checker(name: str, checker, answer) -> None:
    if name in FUZZ_TABLE:
        FUZZ_TABLE[name](checker, answer)  # type: ignore[operator]
        return
    parameters = inspect.signature(checker).parameters.values()
    if any(p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or
           p.default is not p.empty for p in parameters):
        pytest.fail(f"{name} takes arguments other than learner functions: add it to "
                    "FUZZ_TABLE in this file")
    checker(*[answer] * len(parameters))


@pytest.mark.parametrize("name, checker", CHECKERS, ids=[n for n, _ in CHECKERS])
def test_checker_answers_every_wrong_answer_plainly(name, checker, capsys):
    problems = []
    for label, answer in ANSWERS.items():
        try:
            call_checker(name, checker, answer)
        except (CheckFailed, NotAnswered) as failed:
            message = str(failed)
            if len(message) < 25 or not EXPECTATION.search(message) \
                    or BARE_PYTHON_ERROR.match(message):
                problems.append(f"{label}: the message does not say what was expected: "
                                f"{message!r}")
        except Exception as err:  # noqa: BLE001 - exactly what must not happen
            problems.append(f"{label}: {type(err).__name__} escaped: {err}"[:300])
        else:
            if (name, label) not in ALLOWED_TO_PASS:
                problems.append(f"{label}: the check passed")
        finally:
            plt.close("all")
    capsys.readouterr()  # a passing check prints its ✔ line; keep the report quiet
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_every_exercise_module_has_checkers():
    names = {n.split(".")[0] for n, _ in CHECKERS}
    assert names == {m.__name__.split(".")[-2] for m in MODULES}
    assert len(MODULES) >= 5
