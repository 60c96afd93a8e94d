"""The answer part of a quiz card, as one widget that assistive technology understands.

ipywidgets' own radio buttons and menus carry no ARIA roles or names, so a screen reader
cannot tell which question a set of options answers, and it does not read out feedback that
appears after Check. :class:`AnswerPanel` is an ipywidgets widget drawn by a small module
(``panel.js``, loaded by anywidget, which works in JupyterLab, Notebook 7 and VS Code,
offline) with plain HTML controls:

* a single-choice question is a radio group whose accessible name is the question;
* a multiple-choice question is a named group of labelled checkboxes;
* each menu of a matching question is labelled with its item, and the number box with the
  units it expects;
* the feedback is a polite live region, read out after Check; focus stays on Check.

Python keeps the state: ``value`` is the learner's answer (an option index or ``None``, a
list of indices, the typed text, or one place per item, ``""`` where none is chosen), and
``checks`` counts presses of Check. :class:`.cards.QuizCard` grades on each press
and writes ``feedback``.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets

_HERE = Path(__file__).parent


class AnswerPanel(anywidget.AnyWidget):
    """Answer controls, a Check button and a live feedback region for one question."""

    _esm = _HERE / "panel.js"
    _css = _HERE / "panel.css"

    #: "single", "multiple", "numeric" or "match".
    kind = traitlets.Unicode("single").tag(sync=True)
    #: The question as plain text: the accessible name of the group of options.
    label = traitlets.Unicode("").tag(sync=True)
    #: The lettered options ("A. ...") of a single- or multiple-choice question.
    options = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: The items of a matching question, and the places each can go.
    items = traitlets.List(traitlets.Unicode()).tag(sync=True)
    choices = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: The units a numeric answer is in.
    units = traitlets.Unicode("").tag(sync=True)
    #: The learner's answer (see the module docstring).
    value = traitlets.Any(None, allow_none=True).tag(sync=True)
    #: HTML shown in the live region after Check.
    feedback = traitlets.Unicode("").tag(sync=True)
    #: How many times Check was pressed.
    checks = traitlets.Int(0).tag(sync=True)

    def check(self) -> None:
        """Press Check, exactly as the button does."""
        self.checks += 1
