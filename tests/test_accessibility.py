"""Quiz cards with the keyboard alone and as assistive technology sees them, in the browser.

In JupyterLab and in Notebook 7 (the servers of ``test_browser``), lesson 01 runs, and then:

* ``test_every_quiz_of_a_lesson_is_completed_with_the_keyboard``: each of the lesson's
  quizzes (all four kinds) is answered correctly with key presses only. The test puts focus
  on the card's first control, as a learner arriving there would; from then on it presses
  keys: arrows or Space to choose, typing for the number and in menus, Tab to move, Enter
  or Space on Check (Enter in the number box checks too). It checks the focus order inside
  the card (controls in reading order, then Check),
  that the feedback appears in the card's live region ("status") and says the answer is
  right, and that focus is still on Check afterwards.
* ``test_cards_match_their_aria_snapshots``: Playwright's accessibility (aria) snapshot of
  one answered card of each kind must match ``tests/aria_snapshots/<kind>.yml``: the radio
  group or group named by its question, each option or menu with its label, the Check
  button and the feedback.
* ``test_cards_reflow_at_200_percent_zoom``: in a 640-pixel-wide window (a 1280-pixel
  screen at 200% zoom) no card scrolls sideways, and nothing in it is wider than the card.
* ``test_the_advert_checklist_announces_its_feedback``: lesson 06's red-flag checklist
  puts its feedback in a live region after Check.

Screenshots go to build/test-artifacts/accessibility/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT
from test_browser import (  # noqa: F401 (fixtures)
    KERNEL_START_SECONDS,
    browser,
    open_and_run_all,
    quiz_count,
    server,
)

from stemimmune.engine.quizzes import Question, load_quiz_file

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page
    from test_browser import Server

LESSON = ROOT / "notebooks" / "01-understanding-stem-cells.ipynb"
QUIZ_FILE = ROOT / "quizzes" / "01-understanding-stem-cells.toml"
SNAPSHOTS = Path(__file__).parent / "aria_snapshots"
ARTIFACTS = ROOT / "build" / "test-artifacts" / "accessibility"
FOCUSED = """card => {
  const el = document.activeElement;
  if (!card.contains(el)) return "outside the card";
  return el.tagName === "BUTTON" ? "button:" + el.textContent.trim()
       : el.tagName.toLowerCase() + ":" + (el.type || "");
}"""


def run_lesson(page: Page, server: Server,  # noqa: F811
               width: int = 1280) -> list[Locator]:
    """Open the lesson, run all its cells from the Run menu, and return its quiz cards."""
    page.set_viewport_size({"width": width, "height": 1000})
    open_and_run_all(page, server, LESSON)
    expected = quiz_count(LESSON)
    page.wait_for_function(
        f"document.querySelectorAll('.stemimmune-quiz .sq-check').length >= {expected}",
        timeout=KERNEL_START_SECONDS * 1000)
    return page.locator(".stemimmune-quiz").all()


def question_of(card: Locator, questions: dict[int, Question]) -> Question:
    number = int(re.search(r"Question (\d+)\.", card.inner_text()).group(1))
    return questions[number]


def focused(card: Locator) -> str:
    return card.evaluate(FOCUSED)


def answer_with_keys(page: Page, card: Locator, question: Question) -> list[str]:
    """Answer the card correctly with key presses; return the focus order seen."""
    order = []
    if question.kind == "single":
        card.get_by_role("radio").first.focus()
        order.append(focused(card))
        right = next(i for i, o in enumerate(question.options) if o.correct)
        if right == 0:
            page.keyboard.press("Space")
        for _ in range(right):
            page.keyboard.press("ArrowDown")  # moves to, and chooses, the next option
    elif question.kind == "multiple":
        card.get_by_role("checkbox").first.focus()
        for index, option in enumerate(question.options):
            order.append(focused(card))
            if option.correct:
                page.keyboard.press("Space")
            if index < len(question.options) - 1:
                page.keyboard.press("Tab")
    elif question.kind == "numeric":
        card.get_by_role("textbox").focus()
        order.append(focused(card))
        page.keyboard.type(f"{question.answer:g}")
    else:
        menus = card.get_by_role("combobox").all()
        menus[0].focus()
        for index, item in enumerate(question.items):
            order.append(focused(card))
            page.keyboard.type(item.answer)  # a closed menu jumps to the option typed
            if index < len(question.items) - 1:
                page.keyboard.press("Tab")
    if question.kind == "numeric":
        page.keyboard.press("Enter")  # Enter in the number box checks, as in a form
        page.keyboard.press("Tab")
        order.append(focused(card))
        return order
    page.keyboard.press("Tab")
    order.append(focused(card))
    page.keyboard.press("Enter" if question.kind != "multiple" else "Space")
    return order


def test_every_quiz_of_a_lesson_is_completed_with_the_keyboard(
        server: Server, browser: Browser) -> None:  # noqa: F811
    questions = {n: q for n, q in enumerate(load_quiz_file(QUIZ_FILE).questions, start=1)}
    context = browser.new_context()
    context.set_default_timeout(60_000)
    page = context.new_page()
    problems = []
    try:
        cards = run_lesson(page, server)
        assert len(cards) == quiz_count(LESSON)
        for card in cards:
            question = question_of(card, questions)
            card.scroll_into_view_if_needed()
            order = answer_with_keys(page, card, question)
            feedback = card.get_by_role("status")
            feedback.locator("b").wait_for()
            where = f"{server.front_end}, question {question.id} ({question.kind})"
            if order[-1] != "button:Check":
                problems.append(f"{where}: Tab after the answer reached {order[-1]}")
            if not feedback.inner_text().startswith("✔"):
                problems.append(f"{where}: feedback {feedback.inner_text()[:120]!r}")
            if focused(card) != "button:Check":
                problems.append(f"{where}: after Check, focus is on {focused(card)}")
        page.screenshot(path=ARTIFACTS / f"{server.front_end}-keyboard-01.png", full_page=False)
    finally:
        context.close()
        server.shut_down_kernels()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [640])
def test_cards_reflow_at_200_percent_zoom(server: Server, browser: Browser,  # noqa: F811
                                          width: int) -> None:
    context = browser.new_context()
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        cards = run_lesson(page, server, width=width)
        wide = []
        for card in cards:
            card.scroll_into_view_if_needed()
            sizes = card.evaluate("""card => ({scroll: card.scrollWidth, client: card.clientWidth,
                widest: Math.max(...[...card.querySelectorAll('*')].map(
                    e => e.getBoundingClientRect().right)) - card.getBoundingClientRect().left})""")
            if sizes["scroll"] > sizes["client"] + 1 or sizes["widest"] > sizes["client"] + 1:
                wide.append(f"{card.inner_text()[:60]!r}: {sizes}")
        match = page.locator(".stemimmune-quiz").filter(has=page.get_by_role("combobox")).first
        match.scroll_into_view_if_needed()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{server.front_end}-640px-01.png")
    finally:
        context.close()
        server.shut_down_kernels()
    assert not wide, "cards wider than the window at 640 px:\n" + "\n".join(wide)


def test_cards_match_their_aria_snapshots(server: Server, browser: Browser,  # noqa: F811
                                          ) -> None:
    from playwright.sync_api import expect

    questions = {n: q for n, q in enumerate(load_quiz_file(QUIZ_FILE).questions, start=1)}
    context = browser.new_context()
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        cards = run_lesson(page, server)
        seen: dict[str, Locator] = {}
        for card in cards:
            question = question_of(card, questions)
            if question.kind not in seen:
                card.scroll_into_view_if_needed()
                answer_with_keys(page, card, question)
                card.get_by_role("status").locator("b").wait_for()
                seen[question.kind] = card
        assert set(seen) == {"single", "multiple", "numeric", "match"}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for kind, card in sorted(seen.items()):  # what the browser gives, kept for review
            (ARTIFACTS / f"{server.front_end}-{kind}.yml").write_text(card.aria_snapshot())
        for kind, card in sorted(seen.items()):
            expected = (SNAPSHOTS / f"{kind}.yml").read_text("utf-8")
            expect(card).to_match_aria_snapshot(expected)
    finally:
        context.close()
        server.shut_down_kernels()


def test_the_advert_checklist_announces_its_feedback(server: Server,  # noqa: F811
                                                     browser: Browser) -> None:  # noqa: F811
    """Lesson 06's red-flag checklist: its feedback appears in a live region after Check."""
    lesson = ROOT / "notebooks" / "06-making-an-informed-decision.ipynb"
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        open_and_run_all(page, server, lesson)
        checklist = page.locator(".stemimmune-checklist")
        checklist.wait_for(timeout=KERNEL_START_SECONDS * 1000)
        checklist.scroll_into_view_if_needed()
        checklist.get_by_role("checkbox").first.check()
        checklist.get_by_role("button", name="Check").click()
        status = checklist.get_by_role("status")
        status.locator("b").first.wait_for()
        assert status.inner_text().strip(), "the live region stayed empty after Check"
        page.screenshot(path=ARTIFACTS / f"{server.front_end}-checklist-06.png")
    finally:
        context.close()
        server.shut_down_kernels()
