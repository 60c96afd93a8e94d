"""Lesson 06 checklist: loads the fictional adverts, and gives the right feedback when a
learner ticks boxes and clicks Check, whatever they tick (it never raises)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from stemimmune.lessons.lesson06 import (
    Advert,
    flag_counts,
    load_adverts,
    load_red_flags,
    parse_flags,
)
from stemimmune.lessons.lesson06.checklist import (
    HEADING,
    NO_FLAGS_LABEL,
    AdvertChecklist,
    assess,
    feedback_lines,
)

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def red_flags():
    return load_red_flags(DATA / "red_flag_categories.csv")


@pytest.fixture(scope="module")
def adverts(red_flags):
    return load_adverts(DATA / "fictional_clinic_adverts.csv", red_flags)


@pytest.fixture
def checklist():
    return AdvertChecklist.from_files(DATA / "fictional_clinic_adverts.csv",
                                      DATA / "red_flag_categories.csv")


def click_check(checklist, ticked=(), no_flags=False):
    for flag_id, box in checklist.boxes.items():
        box.value = flag_id in ticked
    checklist.no_flags_box.value = no_flags
    checklist.check_button.click()
    return checklist.feedback.value


# --- the data ----------------------------------------------------------------------------
def test_adverts_are_fictional_varied_and_labelled(adverts, red_flags):
    assert 18 <= len(adverts) <= 24
    assert len({a.id for a in adverts}) == len(adverts)
    honest = [a for a in adverts if a.honest]
    assert honest, "at least one advert with no red flags (the trick case)"
    counts = flag_counts(adverts, red_flags)
    assert (counts["adverts"] >= 3).all(), "every red flag appears in a few adverts"
    assert any(a.text.isupper() or "!!!" in a.text for a in adverts)
    for advert in adverts:
        assert advert.note
        assert set(advert.evidence) == set(advert.flags)
        assert all(words in advert.text for words in advert.evidence.values())


def test_every_category_has_a_source_in_the_bibliography(red_flags):
    from stemimmune.engine.authoring import load_bibliography
    bib = load_bibliography(DATA.parent / "references.bib")
    assert {f.citation for f in red_flags} <= set(bib.entries)


def test_parse_flags():
    assert parse_flags("") == ()
    assert parse_flags("a; b") == ("a", "b")


def test_load_refuses_unknown_flags_and_mismatched_evidence(tmp_path, red_flags):
    path = tmp_path / "ads.csv"
    path.write_text("id,clinic,text,red_flags,evidence,note\nX1,C,t,nonsense,t,n\n")
    with pytest.raises(ValueError, match="unknown red flag"):
        load_adverts(path, red_flags)
    path.write_text("id,clinic,text,red_flags,evidence,note\nX1,C,t,testimonials,,n\n")
    with pytest.raises(ValueError, match="1 red flags but 0 pieces of evidence"):
        load_adverts(path, red_flags)


# --- assessing ticks, without widgets ----------------------------------------------------
ADVERT = Advert("T1", "Test Clinic", "Guaranteed! Read our reviews.",
                ("sure_thing", "testimonials"),
                {"sure_thing": "Guaranteed", "testimonials": "Read our reviews"}, "A note.")
HONEST = Advert("T2", "Test Hospital", "A free, registered trial.", (), {}, "No flags.")


def test_assess_sorts_ticks_into_found_missed_and_wrong():
    result = assess(ADVERT, ["sure_thing", "pay_to_join"])
    assert result.found == ("sure_thing",)
    assert result.missed == ("testimonials",)
    assert result.wrong == ("pay_to_join",)
    assert not result.correct
    assert assess(ADVERT, ["testimonials", "sure_thing"]).correct


def test_assess_empty_conflict_and_honest_adverts():
    assert assess(ADVERT, []).status == "empty"
    assert assess(ADVERT, ["sure_thing"], no_flags=True).status == "conflict"
    assert assess(HONEST, [], no_flags=True).correct
    assert not assess(ADVERT, [], no_flags=True).correct
    assert assess(HONEST, ["sure_thing"]).wrong == ("sure_thing",)


def test_feedback_names_found_missed_and_wrong_flags(red_flags):
    headline, lines = feedback_lines(assess(ADVERT, ["sure_thing", "pay_to_join"]), ADVERT,
                                     red_flags)
    assert headline == "You found 1 of 2 red flags and ticked 1 it does not show."
    assert lines[0] == "Found: Promises of no risk or sure success, in the words “Guaranteed”."
    assert lines[1].startswith("Missed: Testimonials instead of data, in the words "
                               "“Read our reviews”. Why it matters: ")
    assert lines[2].startswith("Not in this advert: Pay to take part in a study.")
    assert lines[-1] == "About this advert: A note."


# --- the widget, driven with clicks ------------------------------------------------------
def test_advert_shows_under_the_fictional_heading(checklist, adverts):
    assert HEADING in checklist.advert_box.value
    assert adverts[0].clinic in checklist.advert_box.value
    assert "stemimmune-checklist" in checklist.widget._dom_classes
    assert list(checklist.boxes) == [f.id for f in load_red_flags(
        DATA / "red_flag_categories.csv")]


def test_check_with_nothing_ticked_asks_for_a_tick(checklist):
    assert "Tick at least one box" in click_check(checklist)
    assert checklist.last_result.status == "empty"


def test_check_with_both_kinds_of_tick_asks_to_choose(checklist):
    feedback = click_check(checklist, ["testimonials"], no_flags=True)
    assert f"You ticked “{NO_FLAGS_LABEL}” and also some red flags" in feedback


def test_all_flags_found(checklist):
    feedback = click_check(checklist, checklist.advert.flags)
    assert "✔" in feedback and "Right: you found all 4 red flags." in feedback


def test_missed_and_wrong_flags_are_named_with_reasons(checklist):
    checklist.picker.value = 2  # A03: pay_to_join and registry_as_proof
    assert checklist.advert.id == "A03"
    feedback = click_check(checklist, ["pay_to_join", "testimonials"])
    assert "✘" in feedback and "You found 1 of 2 red flags and ticked 1" in feedback
    assert "Found: Pay to take part in a study" in feedback
    assert "Missed: A listing or registration used as proof" in feedback
    assert "Why it matters" in feedback
    assert "Not in this advert: Testimonials instead of data" in feedback


def test_honest_advert_with_no_flags_box(checklist, adverts):
    index = next(i for i, a in enumerate(adverts) if a.honest)
    checklist.picker.value = index
    assert "Right: this advert shows none of the red flags." in click_check(checklist,
                                                                            no_flags=True)
    feedback = click_check(checklist, ["sure_thing"])
    assert "This advert shows none of the red flags." in feedback
    assert "Not in this advert" in feedback


def test_next_clears_ticks_and_feedback_and_wraps_round(checklist, adverts):
    click_check(checklist, ["testimonials"])
    checklist.next_button.click()
    assert checklist.advert.id == adverts[1].id
    assert checklist.feedback.value == "" and not checklist.ticked()
    assert adverts[1].clinic in checklist.advert_box.value
    checklist.picker.value = len(adverts) - 1
    checklist.next_button.click()
    assert checklist.picker.value == 0


def test_no_combination_of_ticks_raises(checklist, adverts, red_flags):
    ids = [f.id for f in red_flags]
    for index in (0, next(i for i, a in enumerate(adverts) if a.honest)):
        checklist.picker.value = index
        for size in range(len(ids) + 1):
            for ticked in itertools.combinations(ids, size):
                for no_flags in (False, True):
                    assert click_check(checklist, ticked, no_flags)


def test_static_render_shows_the_advert_and_the_flags(checklist, adverts, red_flags):
    bundle = checklist._repr_mimebundle_()
    assert HEADING in bundle["text/plain"] and adverts[0].text in bundle["text/plain"]
    assert all(f.name in bundle["text/plain"] for f in red_flags)
    assert HEADING in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_needs_adverts_and_flags(red_flags):
    with pytest.raises(ValueError, match="at least one advert"):
        AdvertChecklist([], red_flags)
