"""A red-flag checklist for lesson 06: read a fictional advert, tick the warning signs, check.

In a notebook::

    from stemimmune.lessons.lesson06 import AdvertChecklist
    AdvertChecklist.from_files("../data/fictional_clinic_adverts.csv",
                               "../data/red_flag_categories.csv")

The learner picks an advert (menu or *Next advert*), ticks one box per red flag they see,
or the box for "no red flags", and presses *Check*. The feedback names each flag found,
each flag missed (with the words that show it and why it matters) and each box ticked for
a flag the advert does not show. Without a kernel the advert and the list of flags still
show as text. Nothing here raises on a learner's input, and nothing is saved.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from stemimmune.engine.figures import LiveRegion

from .adverts import Advert, RedFlag, load_adverts, load_red_flags

_GOOD, _BAD, _NEUTRAL = "#009E73", "#D55E00", "#0072B2"  # Okabe–Ito: green, vermillion, blue
#: Heading shown above every advert.
HEADING = "Fictional advert, written for this course"
#: Label of the box a learner ticks for an advert without red flags.
NO_FLAGS_LABEL = "I see no red flags in this advert"


@dataclass(frozen=True)
class ChecklistResult:
    """How a learner's ticks compare with an advert's red flags.

    ``status`` is ``"empty"`` (nothing ticked), ``"conflict"`` (the no-flags box and some
    flags both ticked) or ``"checked"``; only a checked result has found, missed and wrong
    flags.
    """

    status: str
    found: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()

    @property
    def correct(self) -> bool:
        """True when every red flag was ticked and nothing else."""
        return self.status == "checked" and not self.missed and not self.wrong


def assess(advert: Advert, ticked: Iterable[str], no_flags: bool = False) -> ChecklistResult:
    """Compare the ticked flag ids (and the no-flags box) with the advert's red flags.

    Found, missed and wrong flags keep the order of the advert's flags and of ``ticked``.
    """
    ticked = list(dict.fromkeys(ticked))
    if not ticked and not no_flags:
        return ChecklistResult("empty")
    if ticked and no_flags:
        return ChecklistResult("conflict")
    return ChecklistResult(
        "checked",
        found=tuple(f for f in advert.flags if f in ticked),
        missed=tuple(f for f in advert.flags if f not in ticked),
        wrong=tuple(f for f in ticked if f not in advert.flags),
    )


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _box(colour: str, body: str) -> str:
    return (f'<div style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0;">'
            f"{body}</div>")


def feedback_lines(result: ChecklistResult, advert: Advert,
                   red_flags: Sequence[RedFlag]) -> tuple[str, list[str]]:
    """A headline and detail lines, in plain words, for a result on ``advert``."""
    by_id = {f.id: f for f in red_flags}

    def name(flag_id: str) -> str:
        return by_id[flag_id].name if flag_id in by_id else flag_id

    if result.status == "empty":
        return ("Tick at least one box: each red flag you see in the advert, or "
                f"“{NO_FLAGS_LABEL}” if you find none.", [])
    if result.status == "conflict":
        return (f"You ticked “{NO_FLAGS_LABEL}” and also some red flags. Untick one or the "
                "other, then press Check again.", [])
    total = len(advert.flags)
    if advert.honest:
        headline = ("Right: this advert shows none of the red flags." if result.correct else
                    "This advert shows none of the red flags.")
    elif result.correct:
        headline = f"Right: you found all {total} red flag{'s' if total > 1 else ''}."
    else:
        headline = f"You found {len(result.found)} of {total} red flag{'s' if total > 1 else ''}"
        headline += f" and ticked {len(result.wrong)} it does not show." if result.wrong else "."
    lines = [f"Found: {name(f)}, in the words “{advert.evidence.get(f, '')}”."
             for f in result.found]
    lines += [f"Missed: {name(f)}, in the words “{advert.evidence.get(f, '')}”. Why it "
              f"matters: {by_id[f].why_it_matters if f in by_id else ''}"
              for f in result.missed]
    lines += [f"Not in this advert: {name(f)}. That flag looks like this: "
              f"{by_id[f].looks_like if f in by_id else ''}" for f in result.wrong]
    if advert.note:
        lines.append(f"About this advert: {advert.note}")
    return headline, lines


def feedback_html(result: ChecklistResult, advert: Advert,
                  red_flags: Sequence[RedFlag]) -> str:
    """The feedback as HTML; the words carry the meaning, colour only helps."""
    headline, lines = feedback_lines(result, advert, red_flags)
    if result.status != "checked":
        icon, colour = "ℹ︎", _NEUTRAL
    elif result.correct:
        icon, colour = "✔", _GOOD
    else:
        icon, colour = "✘", _BAD
    items = "".join(f"<li>{_esc(line)}</li>" for line in lines)
    return _box(colour, f"<b>{icon} {_esc(headline)}</b>" + (f"<ul>{items}</ul>" if items else ""))


def advert_html(advert: Advert) -> str:
    """The advert under its "fictional" heading."""
    return _box("#999", f"<p><b>{_esc(HEADING)}</b> ({_esc(advert.id)})</p>"
                        f"<p><i>{_esc(advert.clinic)}</i></p><p>{_esc(advert.text)}</p>")


class AdvertChecklist:
    """The checklist widget: an advert, one checkbox per red flag, Check and Next buttons.

    Tests drive it like a learner: set ``boxes[flag_id].value`` (or ``no_flags_box``),
    call ``check_button.click()`` and read ``feedback.value``; ``next_button.click()`` or
    ``picker.value = i`` moves to another advert and clears the ticks.
    """

    def __init__(self, adverts: Sequence[Advert], red_flags: Sequence[RedFlag],
                 start: int = 0) -> None:
        if not adverts or not red_flags:
            raise ValueError("the checklist needs at least one advert and one red flag")
        self.adverts = list(adverts)
        self.red_flags = list(red_flags)
        self.last_result: ChecklistResult | None = None
        self.picker = widgets.Dropdown(
            options=[(f"{a.id} · {a.clinic}", i) for i, a in enumerate(self.adverts)],
            value=start % len(self.adverts), description="Advert:",
            layout=widgets.Layout(width="26em"))
        self.next_button = widgets.Button(description="Next advert", icon="arrow-right",
                                          tooltip="Show the next fictional advert")
        self.advert_box = widgets.HTML(advert_html(self.advert))
        self.boxes = {f.id: widgets.Checkbox(value=False, description=f.name, indent=False,
                                             layout=widgets.Layout(width="auto"))
                      for f in self.red_flags}
        self.no_flags_box = widgets.Checkbox(value=False, description=NO_FLAGS_LABEL,
                                             indent=False, layout=widgets.Layout(width="auto"))
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           icon="check",
                                           tooltip="Compare your ticks with the advert")
        self.feedback = LiveRegion()  # read out by screen readers after Check
        self.picker.observe(self._on_pick, names="value")
        self.next_button.on_click(self._on_next)
        self.check_button.on_click(self._on_check)
        self.widget = widgets.VBox(
            [widgets.HBox([self.picker, self.next_button]), self.advert_box,
             widgets.HTML("<i>Tick every red flag you see in this advert:</i>"),
             *self.boxes.values(), self.no_flags_box, self.check_button, self.feedback],
            layout=widgets.Layout(border="1px solid #bbb", padding="6px 12px",
                                  margin="8px 0", width="auto"))
        self.widget.add_class("stemimmune-checklist")

    @classmethod
    def from_files(cls, adverts_path: str | Path, red_flags_path: str | Path,
                   start: int = 0) -> AdvertChecklist:
        """Load both tables from ``data/`` and build the checklist."""
        red_flags = load_red_flags(red_flags_path)
        return cls(load_adverts(adverts_path, red_flags), red_flags, start)

    @property
    def advert(self) -> Advert:
        """The advert on show."""
        return self.adverts[self.picker.value]

    def ticked(self) -> list[str]:
        """The ids of the ticked red flags, in checklist order."""
        return [flag_id for flag_id, box in self.boxes.items() if box.value]

    def _on_pick(self, _change: object = None) -> None:
        for box in [*self.boxes.values(), self.no_flags_box]:
            box.value = False
        self.feedback.value = ""
        self.last_result = None
        self.advert_box.value = advert_html(self.advert)

    def _on_next(self, _button: widgets.Button | None = None) -> None:
        self.picker.value = (self.picker.value + 1) % len(self.adverts)

    def _on_check(self, _button: widgets.Button | None = None) -> None:
        self.last_result = assess(self.advert, self.ticked(), self.no_flags_box.value)
        self.feedback.value = feedback_html(self.last_result, self.advert, self.red_flags)

    # --- showing without a kernel ---------------------------------------------------------
    def as_text(self) -> str:
        """The advert on show and the red flags to look for, as plain text."""
        lines = [HEADING, f"{self.advert.id} · {self.advert.clinic}", self.advert.text,
                 "Red flags to look for:"]
        lines += [f"  - {f.name}" for f in self.red_flags]
        lines.append(f"(Run the notebook to tick the red flags and check; "
                     f"{len(self.adverts)} fictional adverts to try.)")
        return "\n".join(lines)

    def as_html(self) -> str:
        """The advert on show and the red flags to look for, as HTML."""
        flags = "".join(f"<li>{_esc(f.name)}</li>" for f in self.red_flags)
        return (advert_html(self.advert) + f"<p>Red flags to look for:</p><ul>{flags}</ul>"
                f"<p><i>Run the notebook to tick the red flags and check; "
                f"{len(self.adverts)} fictional adverts to try.</i></p>")

    def _repr_mimebundle_(self, **kwargs: object) -> dict[str, object]:
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = self.as_text()
        bundle["text/html"] = self.as_html()
        return bundle
