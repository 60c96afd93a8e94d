"""Quiz questions as plain data, and the rules that grade an answer.

Nothing here touches a widget: a question is loaded from a TOML file, checked against
``quiz_schema.json``, and graded by :func:`grade`, which always returns a :class:`Result`
(never raises) so that whatever a learner types, they get a sentence back.
"""

from __future__ import annotations

import functools
import json
import math
import re
import sys
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any


def _import_jsonschema() -> ModuleType:
    """jsonschema, imported without the IRI syntax checker it would otherwise load.

    When the ``rfc3987-syntax`` package is installed (the Jupyter server's own dependencies
    bring it), ``import jsonschema`` imports it to check the ``iri`` and ``iri-reference``
    formats, and that module builds its Earley parsers as it loads: about 0.9 s in every
    lesson's kernel on the course's machines, and 13-17 MiB of its peak memory
    (python-jsonschema/jsonschema#1428; README, "Speed, memory and hub sizing").
    The quiz schema uses no formats (a test checks this), so while jsonschema loads, that
    one module is hidden; jsonschema then leaves those two formats unchecked, as it does
    when no IRI package is installed. The module can still be imported afterwards.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        import jsonschema  # already loaded: nothing to save

        return jsonschema
    sys.modules["rfc3987_syntax"] = None  # its import now fails, which jsonschema allows
    try:
        import jsonschema
    finally:
        sys.modules.pop("rfc3987_syntax", None)
    return jsonschema


jsonschema = _import_jsonschema()

KINDS = ("single", "multiple", "numeric", "match")

# Keys a question may carry, beyond the ones every question has, by kind.
_EXTRA_KEYS = {
    "single": {"options"},
    "multiple": {"options"},
    "numeric": {"answer", "tolerance", "units", "feedback_correct", "feedback_low",
                "feedback_high", "hints"},
    "match": {"choices", "items"},
}
_COMMON_KEYS = {"id", "kind", "prompt", "explanation", "section", "maths"}


class QuizFileError(ValueError):
    """A quiz file that does not follow the schema, with a message naming the problem."""


@dataclass(frozen=True)
class Option:
    """One answer a learner can pick, with the feedback that explains it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Hint:
    """Targeted feedback for a numeric answer that falls in ``[min, max]``."""

    min: float
    max: float
    feedback: str


@dataclass(frozen=True)
class MatchItem:
    """An item the learner places into one of the question's choices."""

    text: str
    answer: str
    feedback: str


@dataclass(frozen=True)
class Question:
    """One quiz question of any kind; unused fields stay empty."""

    id: str
    kind: str
    prompt: str
    explanation: str
    section: str = ""
    options: tuple[Option, ...] = ()
    answer: float = math.nan
    tolerance: float = 0.0
    units: str = ""
    feedback_correct: str = ""
    feedback_low: str = ""
    feedback_high: str = ""
    hints: tuple[Hint, ...] = ()
    choices: tuple[str, ...] = ()
    items: tuple[MatchItem, ...] = ()
    #: (formula as the text writes it, the same formula in LaTeX), drawn as maths when live.
    maths: tuple[tuple[str, str], ...] = ()

    def texts(self) -> list[str]:
        """Every piece of text a learner may read: prompt, explanation and all feedback."""
        found = [self.prompt, self.explanation, self.feedback_correct, self.feedback_low,
                 self.feedback_high]
        found += [o.feedback for o in self.options] + [h.feedback for h in self.hints]
        return found + [i.feedback for i in self.items]


@dataclass(frozen=True)
class Result:
    """What grading said. ``correct`` is None when the input could not be graded."""

    correct: bool | None
    headline: str
    details: tuple[str, ...] = field(default_factory=tuple)

    @property
    def graded(self) -> bool:
        """True when the answer was valid input and so counts towards the score."""
        return self.correct is not None


def _schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("quiz_schema.json").read_text("utf-8")
    return json.loads(text)


@functools.cache
def _validator() -> Any:
    """A validator for ``quiz_schema.json``, built (and the schema itself checked) once."""
    schema = _schema()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _question_from_dict(raw: dict[str, Any]) -> Question:
    unknown = set(raw) - _COMMON_KEYS - _EXTRA_KEYS[raw["kind"]]
    if unknown:
        raise QuizFileError(
            f"question {raw['id']!r} ({raw['kind']}) has keys it does not use: {sorted(unknown)}"
        )
    fields = {key: raw[key] for key in raw
              if key not in {"options", "hints", "items", "choices", "maths"}}
    question = Question(
        **fields,
        options=tuple(Option(**o) for o in raw.get("options", [])),
        hints=tuple(Hint(**h) for h in raw.get("hints", [])),
        choices=tuple(raw.get("choices", [])),
        items=tuple(MatchItem(**i) for i in raw.get("items", [])),
        maths=tuple(raw.get("maths", {}).items()),
    )
    _check_keys_make_sense(question)
    return question


def _check_keys_make_sense(q: Question) -> None:
    """Checks the schema cannot express: a key exists and item answers are real choices."""
    if q.kind == "single" and sum(o.correct for o in q.options) != 1:
        raise QuizFileError(f"single-choice question {q.id!r} needs exactly one correct option")
    if q.kind == "multiple" and not any(o.correct for o in q.options):
        raise QuizFileError(f"multiple-selection question {q.id!r} needs a correct option")
    for formula, _latex in q.maths:
        if not any(formula in text for text in q.texts()):
            raise QuizFileError(f"in {q.id!r}, the formula {formula!r} of [maths] is not "
                                "written in any of the question's texts")
    if q.kind == "match":
        for item in q.items:
            if item.answer not in q.choices:
                raise QuizFileError(
                    f"in {q.id!r}, item {item.text!r} has answer {item.answer!r}, "
                    f"which is not one of the choices {list(q.choices)}"
                )


@dataclass(frozen=True)
class QuizFile:
    """The questions of one notebook, in the order the file lists them."""

    notebook: str
    questions: tuple[Question, ...]
    #: The lesson's short title ("Current research"); "" if the file gives none.
    title: str = ""

    @property
    def lesson(self) -> str:
        """ "04 · Current research": the number and the title (or the file's name)."""
        number, _, slug = self.notebook.partition("-")
        name = self.title or slug.replace("-", " ").capitalize()
        return f"{number} · {name}" if name else number

    def get(self, question_id: str) -> Question:
        """Return the question with this id, or raise KeyError naming the ids that exist."""
        for q in self.questions:
            if q.id == question_id:
                return q
        known = ", ".join(q.id for q in self.questions)
        raise KeyError(f"no question {question_id!r} in {self.notebook}; known ids: {known}")


def load_quiz_file(path: str | Path) -> QuizFile:
    """Read and validate a quiz TOML file; raise :class:`QuizFileError` on any problem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise QuizFileError(f"cannot read quiz file {path.name}: {err}") from err
    # The error jsonschema.validate would raise (the most relevant one), without checking the
    # schema itself again for every file.
    err = jsonschema.exceptions.best_match(_validator().iter_errors(raw))
    if err is not None:
        where = "/".join(str(p) for p in err.absolute_path)
        raise QuizFileError(f"{path.name}: {where}: {err.message}") from err
    questions = tuple(_question_from_dict(q) for q in raw["questions"])
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise QuizFileError(f"{path.name}: question ids repeat: {ids}")
    return QuizFile(notebook=raw["notebook"], questions=questions, title=raw.get("title", ""))


# --- reading a number the way a person types it -------------------------------------------

_WORD_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_POWER = re.compile(r"^(?P<m>[-+]?[\d.]+)\s*(?:[x×*]|\*\*)\s*10\s*(?:\^|\*\*)\s*(?P<e>[-+]?\d+)$")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+")


class NumberInputError(ValueError):
    """Text that is not a usable number; the message is written for the learner."""


def parse_number(text: object) -> float:
    """Turn what a learner typed into a float, or raise NumberInputError saying why not.

    Accepts ``3800000``, ``3,800,000``, ``3.8e6``, ``3.8 × 10^6``, ``3.8×10⁶``,
    ``3.8 million`` and ``64%`` (the percent sign is dropped).
    """
    if not isinstance(text, str):
        raise NumberInputError("Type your answer as a number in the box.")
    cleaned = text.strip().replace("\u2212", "-").replace("\u2009", "").replace(" ", "")
    cleaned = _SUPERSCRIPT_RUN.sub(lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), cleaned)
    cleaned = cleaned.rstrip("%").lower()
    if not cleaned:
        raise NumberInputError("The box is empty: type a number, then press Check.")
    scale = 1.0
    for word, factor in _WORD_SCALES.items():
        if cleaned.endswith(word):
            cleaned, scale = cleaned[: -len(word)], factor
            break
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        raise NumberInputError(
            f"“{text.strip()}” has a comma. Use a point for decimals (3.8, not 3,8) "
            "and write large numbers without spaces, e.g. 1500000 or 1.5e6."
        )
    power = _POWER.match(cleaned)
    try:
        if power:
            value = float(power["m"]) * 10.0 ** int(power["e"])
        else:
            value = float(cleaned)
    except (ValueError, OverflowError):
        raise NumberInputError(
            f"“{text.strip()}” is not a number I can read. "
            "Try digits like 1500000, 1.5e6 or 1.5 × 10^6."
        ) from None
    value *= scale
    if math.isnan(value):
        raise NumberInputError("“nan” means ‘not a number’: type an actual value.")
    if math.isinf(value):
        raise NumberInputError(
            f"“{text.strip()}” is too large to be a real answer here: check the exponent."
        )
    return value


# --- grading ------------------------------------------------------------------------------

def _grade_single(q: Question, response: object) -> Result:
    if response is None or response == () or response == "":
        return Result(None, "Choose one answer first, then press Check.")
    if not isinstance(response, int) or isinstance(response, bool) \
            or not 0 <= response < len(q.options):
        return Result(None, "That is not one of the answers listed: choose one of them.")
    option = q.options[response]
    headline = "Correct." if option.correct else "Not quite."
    return Result(option.correct, headline, (option.feedback,))


def _grade_multiple(q: Question, response: object) -> Result:
    try:
        chosen = {int(i) for i in response}  # type: ignore[union-attr]
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(math.inf)
        return Result(None, "Tick the boxes of the answers you choose, then press Check.")
    if not chosen:
        return Result(None, "No box is ticked yet: tick every answer you think is right.")
    if not chosen <= set(range(len(q.options))):
        return Result(None, "Some of those are not among the answers listed.")
    details = []
    for index, option in enumerate(q.options):
        if (index in chosen) != option.correct:
            verb = "You ticked" if index in chosen else "You left out"
            details.append(f"{verb} “{option.text}”: {option.feedback}")
    if not details:
        return Result(True, "Correct: you found every right answer and no wrong one.",
                      tuple(o.feedback for i, o in enumerate(q.options) if i in chosen))
    needs = "answer needs" if len(details) == 1 else "answers need"
    return Result(False, f"Not quite: {len(details)} {needs} another look.",
                  tuple(details))


def show_number(value: float) -> str:
    """A number as a person writes it: 86,400 or 3,819,444.4 or 1.2e-05."""
    if value != 0 and not 1e-3 <= abs(value) < 1e15:
        return f"{value:.3g}"
    return f"{value:,.10g}"


def _grade_numeric(q: Question, response: object) -> Result:
    try:
        value = parse_number(response)
    except NumberInputError as err:
        return Result(None, str(err))
    if abs(value - q.answer) <= q.tolerance:
        return Result(True, f"Correct: {show_number(value)} {q.units}.", (q.feedback_correct,))
    for hint in q.hints:
        if hint.min <= value <= hint.max:
            return Result(False, f"Not quite: {show_number(value)} {q.units}.", (hint.feedback,))
    feedback = q.feedback_low if value < q.answer else q.feedback_high
    direction = "too low" if value < q.answer else "too high"
    return Result(False, f"Not quite: {show_number(value)} {q.units} is {direction}.", (feedback,))


def _grade_match(q: Question, response: object) -> Result:
    if not isinstance(response, (list, tuple)) or len(response) != len(q.items):
        return Result(None, "Choose a place for every item, then press Check.")
    empty = sum(1 for r in response if r in (None, ""))
    if empty:
        return Result(None, f"{empty} of {len(q.items)} items have no place chosen yet: "
                            "choose one for each, then press Check.")
    if any(r not in q.choices for r in response):
        return Result(None, "Some choices are not in the list: pick from the menus.")
    wrong = [(item, r) for item, r in zip(q.items, response) if r != item.answer]
    if not wrong:
        return Result(True, "Correct: every item is in the right place.",
                      tuple(f"“{i.text}”: {i.feedback}" for i in q.items))
    details = tuple(f"“{item.text}” is not “{placed}”. {item.feedback}" for item, placed in wrong)
    return Result(False, f"Not quite: {len(wrong)} of {len(q.items)} items are misplaced.",
                  details)


_GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "numeric": _grade_numeric,
    "match": _grade_match,
}


def grade(question: Question, response: object) -> Result:
    """Grade a response; never raises.

    The response's form depends on the kind: an option index (single), an iterable of
    indices (multiple), the typed text (numeric), or one choice per item (match).
    """
    try:
        return _GRADERS[question.kind](question, response)
    except Exception as err:  # a bug here must still not show a learner a traceback
        return Result(None, f"Sorry, this answer could not be checked ({type(err).__name__}). "
                            "Try again, or restart the kernel and run the notebook again.")


def keyed_response(question: Question) -> object:
    """The response that the quiz file marks as right (used by tests and instructors)."""
    if question.kind == "single":
        return next(i for i, o in enumerate(question.options) if o.correct)
    if question.kind == "multiple":
        return {i for i, o in enumerate(question.options) if o.correct}
    if question.kind == "numeric":
        return repr(question.answer)
    return [item.answer for item in question.items]
