"""Exercise 06 checkers: the reference finder passes; each slip gets its own plain sentence."""

from __future__ import annotations

import pytest

from stemimmune.engine.checking import CheckFailed, NotAnswered
from stemimmune.lessons.lesson06 import checks as ex06


def unanswered(*_args):
    raise NotAnswered()


# Reference answer, written the way the solution notebook writes it ------------------------
NEGATIONS = {"no", "not", "never", "cannot", "can't", "don't", "doesn't", "won't", "isn't"}
STARTER = {
    "many_diseases": ["many more conditions"],
    "pay_to_join": ["patient funded"],
    "registry_as_proof": ["clinicaltrials gov"],
    "testimonials": ["testimonial", "testimonials"],
    "sure_thing": ["guaranteed", "guarantee", "risk free", "no risk"],
    "secret_method": ["proprietary"],
}
ADDED = {
    "many_diseases": ["conditions", "any disease", "every disease", "all diseases"],
    "pay_to_join": ["participation fee", "study fee", "contribute", "cost of their own"],
    "registry_as_proof": ["listed on", "fda registered", "proof that", "officially approved"],
    "testimonials": ["says", "reviews", "stories", "stars", "patients say", "clients write"],
    "sure_thing": ["no side effects", "100 safe", "miracle", "cure"],
    "secret_method": ["secret", "do not disclose", "exclusive formula"],
}


def words_of(text):
    kept = [ch if ch.isalnum() or ch == "'" else " " for ch in text.lower().replace("’", "'")]
    return "".join(kept).split()


def is_negated(words_before):
    return any(word in NEGATIONS for word in words_before)


def make_finder(phrases, negated=is_negated):
    def find_red_flags(text):
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        words = words_of(text)
        found = set()
        for flag, options in phrases.items():
            for phrase in options:
                target = phrase.split()
                for i in range(len(words) - len(target) + 1):
                    if words[i:i + len(target)] == target and \
                            not negated(words[max(0, i - 3):i]):
                        found.add(flag)
        return found
    return find_red_flags


STARTER_FINDER = make_finder(STARTER)
FULL = {flag: STARTER[flag] + ADDED[flag] for flag in STARTER}
FULL_FINDER = make_finder(FULL)


def test_reference_answers_pass(capsys):
    ex06.check_basics(STARTER_FINDER)
    ex06.check_negation(is_negated, STARTER_FINDER)
    ex06.check_basics(FULL_FINDER)  # extra phrases from task 3 do not break task 1 or 2
    ex06.check_negation(is_negated, FULL_FINDER)
    ex06.check_on_adverts(FULL_FINDER)
    out = capsys.readouterr().out
    assert out.count("✔") == 5
    assert "26 of the 30 labelled red flags (87%) with 0 false alarms" in out


def test_the_starter_phrases_alone_are_not_enough():
    with pytest.raises(CheckFailed, match=r"finds \d+ of the 30 red flags .* needs at least 24"):
        ex06.check_on_adverts(STARTER_FINDER)


def test_a_missed_flag_names_the_advert_and_its_words():
    with pytest.raises(CheckFailed) as err:
        ex06.check_on_adverts(STARTER_FINDER)
    assert "advert A01 shows many_diseases" not in str(err.value)  # found by the starter
    assert "advert A01 shows testimonials in the words" in str(err.value)


def test_without_negation_the_denials_become_false_alarms():
    finder = make_finder(FULL, negated=lambda _words: False)
    with pytest.raises(CheckFailed) as err:
        ex06.check_on_adverts(finder)
    message = str(err.value)
    assert "It raised 4 false alarms" in message and "at most 2" in message
    assert "advert A06 is not labelled sure_thing" in message
    assert "We do not promise a cure, and there is no guarantee" in message


@pytest.mark.parametrize("check", [
    lambda f: ex06.check_basics(f),
    lambda f: ex06.check_negation(f, FULL_FINDER),
    lambda f: ex06.check_negation(is_negated, f),
    lambda f: ex06.check_on_adverts(f),
])
def test_unanswered_says_so(check):
    with pytest.raises(CheckFailed, match="Not answered yet"):
        check(unanswered)


@pytest.mark.parametrize("wrong, message", [
    (lambda text: None, "returned None: did you forget"),
    (lambda text: ["sure_thing"] if text else [], "should return a set of red-flag ids"),
    (lambda text: {"Guarantee"} if text else set(), "which is not a red-flag id"),
    (lambda text: set(), "expected 'sure_thing'. 'guaranteed' is one of the phrases"),
    (lambda text: 1 / 0, "stopped with an error: ZeroDivisionError"),
])
def test_basics_messages(wrong, message):
    with pytest.raises(CheckFailed, match=message):
        ex06.check_basics(wrong)


def test_case_and_punctuation_messages():
    def case_sensitive(text):
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        return {"sure_thing"} if "guaranteed" in text.split(" ")[-1] or \
            "Results guaranteed." == text else set()
    with pytest.raises(CheckFailed, match="Capital letters should not matter"):
        ex06.check_basics(case_sensitive)

    def no_punctuation_split(text):
        if not isinstance(text, str):
            raise TypeError("text must be a string")
        words = text.lower().split()
        return {"sure_thing"} if any(w.startswith("guaranteed") for w in words) else set()
    with pytest.raises(CheckFailed, match="Punctuation should not matter"):
        ex06.check_basics(no_punctuation_split)


def test_non_text_input_messages():
    def accepts_anything(text):
        return STARTER_FINDER(text) if isinstance(text, str) else set()
    with pytest.raises(CheckFailed, match=r"find_red_flags\(None\) returned set\(\), but None "
                                          r"is not text.*isinstance"):
        ex06.check_basics(accepts_anything)

    def crashes(text):
        return STARTER_FINDER(text.lower())
    with pytest.raises(CheckFailed, match=r"stopped with AttributeError.*isinstance"):
        ex06.check_basics(crashes)

    def silent_error(text):
        if not isinstance(text, str):
            raise TypeError()
        return STARTER_FINDER(text)
    with pytest.raises(CheckFailed, match="raised TypeError, which is right, but without a "
                                          "message"):
        ex06.check_basics(silent_error)


def test_negation_messages():
    with pytest.raises(CheckFailed, match="should return True or False"):
        ex06.check_negation(lambda words: "yes", FULL_FINDER)
    with pytest.raises(CheckFailed, match=r"is_negated\(\['we', 'do', 'not'\]\) returned False"):
        ex06.check_negation(lambda words: False, FULL_FINDER)
    with pytest.raises(CheckFailed, match=r"is_negated\(\[\]\) returned True"):
        ex06.check_negation(lambda words: True, FULL_FINDER)
    ignores_negation = make_finder(FULL, negated=lambda _words: False)
    with pytest.raises(CheckFailed, match="Does find_red_flags call is_negated"):
        ex06.check_negation(is_negated, ignores_negation)
    with pytest.raises(CheckFailed, match="'no' is part of the red-flag phrase"):
        ex06.check_negation(is_negated, _negates_inside_phrase)


def _negates_inside_phrase(text):
    """A finder that also looks at the phrase's own words: 'no risk' cancels itself."""
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    words = words_of(text)
    found = set()
    for flag, options in FULL.items():
        for phrase in options:
            target = phrase.split()
            for i in range(len(words) - len(target) + 1):
                if words[i:i + len(target)] == target and \
                        not is_negated(words[max(0, i - 3):i + len(target)]):
                    found.add(flag)
    return found


def test_false_alarm_message_quotes_the_sentence():
    def flags_free(text):
        found = FULL_FINDER(text)
        words = words_of(text)
        if ("free" in words and "risk" not in words) or "charged" in words:
            found.add("pay_to_join")
        return found
    with pytest.raises(CheckFailed) as err:
        ex06.check_on_adverts(flags_free)
    message = str(err.value)
    assert "advert A04 is not labelled pay_to_join" in message
    assert "“Taking part is free and travel costs are repaid.”" in message


def test_labelled_adverts_are_consistent():
    adverts = ex06.labelled_adverts()
    assert len(adverts) >= 15
    assert any(a.honest for a in adverts)
    for advert in adverts:
        for flag, words in advert.evidence.items():
            assert words in advert.text, (advert.id, flag)


def test_data_is_found_beside_the_notebook_folder_as_on_a_hub(tmp_path, monkeypatch):
    import shutil

    from conftest import ROOT

    from stemimmune.lessons.lesson06 import checks as ex06

    (tmp_path / "exercises").mkdir()
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path / "exercises")
    assert ex06.data_folder() == tmp_path / "data"


# Task 4: counting and charting the approvals ------------------------------------------------
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import pandas as pd  # noqa: E402

from stemimmune.engine.figures import PALETTE, new_figure  # noqa: E402

COURSE_COLOURS = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish green"]]


def count_approvals(table):
    first = table[table["decision"] == "first approval"]
    return pd.crosstab(first["approval_type"], first["region"])


def plot_approvals(counts):
    fig, ax = new_figure("Approvals by kind and region", xlabel="Kind of approval",
                         ylabel="Number of products")
    counts.plot.bar(ax=ax, color=COURSE_COLOURS[:len(counts.columns)], rot=0)
    ax.set_xlabel("Kind of approval")  # pandas writes the index name there
    ax.legend(title="Region")
    return fig


def test_reference_count_and_chart_pass(capsys):
    ex06.check_count_approvals(count_approvals)
    ex06.check_plot_approvals(plot_approvals)
    out = capsys.readouterr().out
    assert out.count("✔") == 2
    assert "13 full in US" in out and "4 conditional and time-limited in Japan" in out


def test_the_course_table_gives_the_lessons_counts():
    counts = ex06.expected_counts(ex06.approvals_table())
    assert counts.loc["full", "US"] == 13 and counts.loc["accelerated", "US"] == 2
    assert counts.loc["conditional", "EU"] == 2 and counts.loc["full", "EU"] == 4
    assert counts.loc["conditional and time-limited", "Japan"] == 4
    assert int(counts.to_numpy().sum()) == 27


def test_an_unanswered_count_says_so():
    with pytest.raises(CheckFailed, match="Not answered yet"):
        ex06.check_count_approvals(unanswered)
    with pytest.raises(CheckFailed, match="Not answered yet"):
        ex06.check_plot_approvals(unanswered)


@pytest.mark.parametrize("wrong, message", [
    (lambda t: None, "returned None"),
    (lambda t: "12 full", "should return a pandas DataFrame"),
    (lambda t: t.groupby(["approval_type", "region"]).size(), "unstack"),
    (lambda t: count_approvals(t).to_dict(), "returned a dictionary"),
    (lambda t: count_approvals(t).T, "the other way round"),
    (lambda t: pd.crosstab(t["approval_type"], t["region"]), "including the 'new use' rows"),
    (lambda t: pd.crosstab(t["approval_type"], t["region"], margins=True), "'All'"),
    (lambda t: count_approvals(t).drop(columns="Japan"), "no column for 'Japan'"),
    (lambda t: count_approvals(t).assign(Canada=0), "'Canada'.*not regions"),
    (lambda t: count_approvals(t).drop(index="accelerated"), "no row for 'accelerated'"),
    (lambda t: count_approvals(t).replace(0, float("nan")), r"empty cells \(NaN\)"),
    # every non-zero count becomes a word, whatever the numbers in the table are
    (lambda t: count_approvals(t).astype(str).replace(r"^[1-9][0-9]*$", "some", regex=True),
     "not a number"),
    (lambda t: pd.crosstab(t["approval_type"], t["region"], normalize=True), "shares"),
    (lambda t: count_approvals(t) + 1, r"gives \d for '.*' approvals in \w+; expected \d"),
    (lambda t: t["no such column"], "stopped with an error: KeyError"),
])
def test_each_wrong_count_gets_its_own_explanation(wrong, message):
    with pytest.raises(CheckFailed, match=message) as failure:
        ex06.check_count_approvals(wrong)
    assert "Traceback" not in str(failure.value)


def test_a_count_that_relies_on_row_order_or_fixed_numbers_fails():
    fixed = ex06.expected_counts(ex06.approvals_table())
    with pytest.raises(CheckFailed, match="count_approvals\\(a small table\\)"):
        ex06.check_count_approvals(lambda t: fixed)


def _chart(title="Approvals", xlabel="Kind of approval", ylabel="Number of products",
           legend=True, colours=COURSE_COLOURS, values=None):
    def plot(counts):
        fig, ax = new_figure("Title", xlabel="x", ylabel="y")
        data = counts if values is None else values
        data.plot.bar(ax=ax, color=colours[:len(data.columns)], legend=legend)
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        return fig
    return plot


@pytest.mark.parametrize("plot, message", [
    (lambda counts: None, "should return the matplotlib Figure"),
    (lambda counts: new_figure("Empty", xlabel="x", ylabel="y")[0], "no bars"),
    (_chart(values=pd.DataFrame({"EU": [1, 1], "US": [1, 1]})), "expected bars of 1, 2, 4 and 5"),
    (_chart(title=""), "needs a title"),
    (_chart(xlabel=""), "x-axis needs a label"),
    (_chart(xlabel="approval_type"), "column name 'approval_type'"),
    (_chart(ylabel="Approvals"), "say what is counted"),
    (_chart(legend=False), "legend that names each region"),
    (_chart(colours=["red", "green", "purple"]), "colour-blind-safe colours"),
])
def test_each_chart_slip_is_named(plot, message):
    with pytest.raises(CheckFailed, match=message):
        ex06.check_plot_approvals(plot)
    import matplotlib.pyplot as plt
    plt.close("all")
