"""Checks for exercise 03: risk, risk ratio, absolute risk reduction and number needed to treat.

Every risk in this exercise is a fraction between 0 and 1 (0.25 means 25 %), never a
percentage. A learner's answer that is off by a factor of 100, inverted, or the other
well-known measure gets a sentence naming that slip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from stemimmune.engine.checking import (
    CheckFailed,
    call_learner,
    expect_number,
    expect_value_error,
    passed,
)

#: The MIST trial counts (Burt et al., JAMA 2019): progression among those analysed.
HSCT_EVENTS, HSCT_TOTAL = 3, 52
DMT_EVENTS, DMT_TOTAL = 34, 51
TOLERANCE = 0.005   # relative tolerance for every number checked here

Hint = tuple[float, str]


def _compare(value: float, expected: float, call: str, hints: Sequence[Hint]) -> None:
    """Pass if ``value`` is close to ``expected``; otherwise name the likely slip."""
    if math.isclose(value, expected, rel_tol=TOLERANCE, abs_tol=1e-12):
        return
    for wrong, advice in hints:
        if math.isclose(value, wrong, rel_tol=TOLERANCE, abs_tol=1e-12):
            raise CheckFailed(f"{call} returned {value:.4g}. {advice}")
    raise CheckFailed(f"{call} returned {value:.4g}; expected about {expected:.4g}.")




FRACTION = "fraction of patients, from 0 to 1"


def _number(function: Callable[..., Any], name: str, units: str,
            *args: Any) -> tuple[float, str]:
    """Call the learner's function and return its result as a float, with the call's text."""
    shown = ", ".join(f"{a:.4g}" if isinstance(a, float) else repr(a) for a in args)
    call = f"{name}({shown})"
    value = expect_number(call_learner(function, name, *args), call, units)
    return value, call


# Task 1 ----------------------------------------------------------------------------------
def check_risk(risk: Callable[[int, int], float]) -> None:
    """Task 1: ``risk(events, total)`` is the fraction of patients with the event."""
    for events, total in ((HSCT_EVENTS, HSCT_TOTAL), (DMT_EVENTS, DMT_TOTAL), (0, 10),
                          (10, 10)):
        value, call = _number(risk, "risk", FRACTION, events, total)
        expected = events / total
        hints: list[Hint] = [(100 * expected, "That looks like a percentage. The task asks "
                                              "for a fraction between 0 and 1: do not "
                                              "multiply by 100.")]
        if events:
            hints.append((total / events, "You divided the total by the events: divide "
                                          "the events by the total."))
        if 0 < events < total:
            hints.append((events / (total - events),
                          "That is the odds (events divided by patients without the event). "
                          "Risk divides the events by all the patients."))
        _compare(value, expected, call, hints)
        if not 0 <= value <= 1:
            raise CheckFailed(f"{call} returned {value:.4g}, but a risk is between 0 and 1.")
    for args, why, fix in (
            ((3, 0), "there are no patients to divide by", "total must be more than 0"),
            ((5, 3), "5 events among 3 patients is impossible",
             "events cannot be more than total"),
            ((-1, 10), "a count of events cannot be negative", "events cannot be negative"),
            ((2, -10), "a number of patients cannot be negative",
             "total must be more than 0")):
        expect_value_error(risk, "risk", args, why, fix)
    passed(f"risk is right: {HSCT_EVENTS} of {HSCT_TOTAL} is "
           f"{HSCT_EVENTS / HSCT_TOTAL:.3f}, and impossible counts are refused.")


# Task 2 ----------------------------------------------------------------------------------
def check_risk_ratio(risk_ratio: Callable[[float, float], float]) -> None:
    """Task 2: ``risk_ratio(risk_treated, risk_control)`` = treated risk / control risk."""
    for treated, control in ((0.2, 0.4), (HSCT_EVENTS / HSCT_TOTAL, DMT_EVENTS / DMT_TOTAL)):
        value, call = _number(risk_ratio, "risk_ratio", "times", treated, control)
        expected = treated / control
        _compare(value, expected, call, [
            (control / treated, "That is upside down: divide the treated group's risk by "
                                "the control group's risk."),
            (100 * expected, "A risk ratio has no unit: do not multiply by 100."),
            (control - treated, "That is the difference between the risks; the ratio "
                                "divides one risk by the other."),
            (treated - control, "That is a difference; the ratio divides the treated risk "
                                "by the control risk."),
        ])
    passed("risk_ratio is right: in MIST the transplant group's risk was about "
           f"{(HSCT_EVENTS / HSCT_TOTAL) / (DMT_EVENTS / DMT_TOTAL):.2f} times the other's.")


# Task 3 ----------------------------------------------------------------------------------
def check_absolute_risk_reduction(absolute_risk_reduction: Callable[[float, float], float]
                                  ) -> None:
    """Task 3: ``absolute_risk_reduction(risk_treated, risk_control)`` = control − treated."""
    for treated, control in ((0.2, 0.5), (HSCT_EVENTS / HSCT_TOTAL, DMT_EVENTS / DMT_TOTAL)):
        value, call = _number(absolute_risk_reduction, "absolute_risk_reduction",
                              FRACTION, treated, control)
        expected = control - treated
        _compare(value, expected, call, [
            (-expected, "The sign is reversed: subtract the treated risk from the control "
                        "risk, so that a treatment that lowers the risk gives a positive "
                        "number."),
            (100 * expected, "That looks like percentage points. The task asks for a "
                             "fraction between 0 and 1: do not multiply by 100."),
            (1 - treated / control, "That is the relative risk reduction (1 minus the risk "
                                    "ratio). The absolute reduction is a plain difference "
                                    "of the two risks."),
        ])
    passed("absolute_risk_reduction is right: control risk minus treated risk.")


# Task 4 ----------------------------------------------------------------------------------
def check_number_needed_to_treat(number_needed_to_treat: Callable[[float, float], float]
                                 ) -> None:
    """Task 4: ``number_needed_to_treat(risk_treated, risk_control)`` = ceil(1 / ARR)."""
    for treated, control in ((0.2, 0.5), (0.25, 0.4),
                             (HSCT_EVENTS / HSCT_TOTAL, DMT_EVENTS / DMT_TOTAL)):
        value, call = _number(number_needed_to_treat, "number_needed_to_treat",
                              "patients", treated, control)
        exact = 1 / (control - treated)
        expected = math.ceil(exact)
        _compare(value, expected, call, [
            (exact, "That is 1 / ARR before rounding. Patients come whole: round up with "
                    "math.ceil."),
            (math.floor(exact), "Round up, not down (math.ceil, not round(), "
                                "int() or math.floor): a fraction of a patient still "
                                "means one more patient."),
            (math.ceil(1 / (100 * (control - treated))),
             "Use the absolute risk reduction as a fraction (for example 0.3), not in "
             "percentage points."),
            (1 / exact, "That is the absolute risk reduction itself; the number needed to "
                        "treat is 1 divided by it, rounded up."),
        ])
    for args, why, fix in (
            ((0.5, 0.2), "the treatment raises the risk here, so no number of treated "
                         "patients prevents an event",
             "the treatment does not lower the risk"),
            ((0.3, 0.3), "the two risks are equal, so the treatment prevents nothing",
             "the treatment does not lower the risk")):
        expect_value_error(number_needed_to_treat, "number_needed_to_treat", args, why, fix)
    nnt = math.ceil(1 / (DMT_EVENTS / DMT_TOTAL - HSCT_EVENTS / HSCT_TOTAL))
    passed(f"number_needed_to_treat is right: in MIST about {nnt} patients treated with a "
           "transplant for one progression avoided, over the trial's follow-up.")
