"""Checks for exercise 06: a red-flag finder for (fictional) clinic adverts.

The learner writes ``find_red_flags(text)``, which returns the set of red-flag ids whose
phrases appear in ``text``, and ``is_negated(words_before)``, which says whether one of the
few words before a match is a negation such as "not". The last check measures the finder
on the course's labelled fictional adverts (``data/fictional_clinic_adverts.csv``).

Task 4 counts lesson 06's approvals (``data/stem_cell_product_approvals.csv``) by kind of
approval and region with pandas (``count_approvals(table)``, a DataFrame with one row per
approval type and one column per region) and draws the counts (``plot_approvals(counts)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_hex

from stemimmune.engine.checking import (
    CheckFailed,
    NotAnswered,
    bar_axes,
    call_learner,
    figure_of,
    passed,
)
from stemimmune.engine.figures import PALETTE

from .adverts import Advert, load_adverts, load_red_flags

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
    here = Path(__file__).resolve().parents[3] / "data"
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


# Task 4 ------------------------------------------------------------------------------------
# Counting the approvals of lesson 06 (data/stem_cell_product_approvals.csv) by kind of
# approval and region, then drawing the counts as a bar chart.

APPROVALS = "stem_cell_product_approvals.csv"
#: Columns the counting function reads.
APPROVAL_COLUMNS = ("product", "region", "approval_type", "decision")


def approvals_table() -> pd.DataFrame:
    """The course's table of approvals, found where the notebooks find it (see data_folder)."""
    here = Path(__file__).resolve().parents[3] / "data"
    for folder in (Path.cwd().parent / "data", here):
        if (folder / APPROVALS).is_file():
            return pd.read_csv(folder / APPROVALS, dtype=str, keep_default_na=False)
    raise CheckFailed(f"The check needs the course's data file {APPROVALS} in a data folder "
                      "next to this notebook's folder (../data). Open the notebook from its "
                      "place in the course folder.")


def make_approvals(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A small approvals table from (product, region, approval_type, decision) tuples."""
    return pd.DataFrame(rows, columns=list(APPROVAL_COLUMNS))


#: A small table with easy counts, a 'new use' row (Beta in the US) and a product approved in
#: two regions (Alpha), in no particular order.
SAMPLE_APPROVALS = make_approvals([
    ("Alpha", "US", "full", "first approval"),
    ("Beta", "US", "accelerated", "first approval"),
    ("Alpha", "EU", "conditional", "first approval"),
    ("Gamma", "US", "full", "first approval"),
    ("Beta", "US", "accelerated", "new use"),
    ("Delta", "Japan", "conditional and time-limited", "first approval"),
    ("Epsilon", "EU", "full", "first approval"),
    ("Zeta", "Japan", "conditional and time-limited", "first approval"),
])


def expected_counts(table: pd.DataFrame, first_only: bool = True) -> pd.DataFrame:
    """The answer: products by approval type (rows) and region (columns), 0 where none."""
    rows = table[table["decision"] == "first approval"] if first_only else table
    counts = pd.crosstab(rows["approval_type"], rows["region"])
    types = sorted(set(table["approval_type"]))
    regions = sorted(set(table["region"]))
    return counts.reindex(index=types, columns=regions, fill_value=0)


def _cell_values(frame: pd.DataFrame, call: str) -> pd.DataFrame:
    """The learner's counts as whole numbers, or CheckFailed saying what is wrong with them."""
    numbers = frame.apply(pd.to_numeric, errors="coerce")
    if numbers.isna().to_numpy().any():
        raw = frame.isna().to_numpy().any()
        if raw:
            raise CheckFailed(f"{call} has empty cells (NaN) where a kind of approval has no "
                              "product in a region. Those cells should hold 0: pd.crosstab "
                              "does that for you, or add .fillna(0).")
        raise CheckFailed(f"{call} holds something that is not a number. Each cell should be "
                          "a count of products, such as 2.")
    return numbers


def _as_counts(result: Any, call: str, table: pd.DataFrame) -> pd.DataFrame:
    """The learner's result as a DataFrame of counts, or a CheckFailed that explains it."""
    if result is None:
        raise CheckFailed(f"{call} returned None: did you forget the `return` line?")
    if isinstance(result, pd.Series):
        raise CheckFailed(
            f"{call} returned a pandas Series (one column), not a table. If you used "
            "groupby([...]).size(), add .unstack(fill_value=0) to turn the regions into "
            "columns; or use pd.crosstab(rows['approval_type'], rows['region']).")
    if isinstance(result, dict):
        raise CheckFailed(f"{call} returned a dictionary. Return a pandas DataFrame instead, "
                          "for example the one pd.crosstab(rows['approval_type'], "
                          "rows['region']) makes.")
    if not isinstance(result, pd.DataFrame):
        raise CheckFailed(f"{call} should return a pandas DataFrame (a table of counts), but "
                          f"it returned a {type(result).__name__}: {result!r:.60}.")
    regions = {str(r) for r in table["region"]}
    types = {str(t) for t in table["approval_type"]}
    columns = {str(c) for c in result.columns}
    index = {str(i) for i in result.index}
    if "All" in columns or "All" in index:
        raise CheckFailed(f"{call} has a row or column called 'All': that is a total, added "
                          "by margins=True. Leave the totals out.")
    if columns & types and index & regions:
        raise CheckFailed(f"{call} has the regions as rows and the kinds of approval as "
                          "columns: the other way round. Put approval_type first in "
                          "pd.crosstab (or add .T to turn the table).")
    missing = sorted(regions - columns)
    if missing:
        raise CheckFailed(f"{call} has no column for {', '.join(map(repr, missing))}. The table "
                          f"should have one column per region ({', '.join(sorted(regions))}), "
                          f"but its columns are {', '.join(sorted(map(repr, columns))) or 'none'}.")
    extra = sorted(columns - regions)
    if extra:
        raise CheckFailed(f"{call} has the column(s) {', '.join(map(repr, extra))}, which are "
                          "not regions. Keep only one column per region.")
    missing = sorted(types - index)
    if missing:
        raise CheckFailed(f"{call} has no row for {', '.join(map(repr, missing))}. Every kind of "
                          "approval in the table needs a row (with 0 where a region has none). "
                          "If you kept only the first approvals, build the rows from those: "
                          "pd.crosstab includes every kind it finds.")
    extra = sorted(index - types)
    if extra:
        raise CheckFailed(f"{call} has the row(s) {', '.join(map(repr, extra))}, which are not "
                          "kinds of approval. The rows should be the values of approval_type.")
    frame = result.copy()
    frame.columns = [str(c) for c in frame.columns]
    frame.index = [str(i) for i in frame.index]
    return _cell_values(frame, call)


def _compare_counts(got: pd.DataFrame, table: pd.DataFrame, call: str) -> None:
    want = expected_counts(table)
    got = got.reindex(index=want.index, columns=want.columns)
    if (got.to_numpy() == want.to_numpy()).all():
        return
    every_row = expected_counts(table, first_only=False)
    if (got.to_numpy() == every_row.to_numpy()).all():
        raise CheckFailed(f"{call} counts every row, including the 'new use' rows. A new use is "
                          "a product already counted: keep only the rows whose decision is "
                          "'first approval', then count.")
    if (got.to_numpy() % 1 != 0).any():
        raise CheckFailed(f"{call} holds shares (at most 1), not counts. Leave out "
                          "normalize=True: each cell should be a number of products.")
    for kind in want.index:
        for region in want.columns:
            if got.loc[kind, region] != want.loc[kind, region]:
                raise CheckFailed(
                    f"{call} gives {got.loc[kind, region]:g} for {kind!r} approvals in "
                    f"{region}; expected {want.loc[kind, region]}. Count the rows of the "
                    "table with that approval_type and region whose decision is "
                    "'first approval'.")


def check_count_approvals(count_approvals: Callable[[pd.DataFrame], Any]) -> None:
    """Task 4a: ``count_approvals(table)`` = products by approval type (rows) and region."""
    for name, table in (("a small table", SAMPLE_APPROVALS),
                        ("the same rows in reverse order", SAMPLE_APPROVALS.iloc[::-1]),
                        ("the course's table", approvals_table())):
        call = f"count_approvals({name})"
        result = call_learner(count_approvals, "count_approvals", table.copy())
        _compare_counts(_as_counts(result, call, table), table, call)
    want = expected_counts(approvals_table())
    parts = [f"{want.loc[k, r]} {k} in {r}" for k in want.index for r in want.columns
             if want.loc[k, r]]
    passed("count_approvals counts each product's first approval by kind and region: "
           + "; ".join(parts) + ".")


#: A counts table with easy numbers for the chart check, and its non-zero counts.
SAMPLE_COUNTS = pd.DataFrame({"EU": [2, 1], "Japan": [0, 4], "US": [5, 0]},
                             index=pd.Index(["full", "conditional"], name="approval_type"))
SAMPLE_COUNTS.columns.name = "region"  # named as pd.crosstab names them


def check_plot_approvals(plot_approvals: Callable[[pd.DataFrame], Any]) -> None:
    """Task 4b: ``plot_approvals(counts)`` draws one bar per count, labelled, in course colours."""
    fig = figure_of(call_learner(plot_approvals, "plot_approvals", SAMPLE_COUNTS.copy()),
                    "plot_approvals")
    try:
        ax = bar_axes(fig)
        heights = sorted(round(p.get_height(), 6) for p in ax.patches if p.get_height())
        want = sorted(float(v) for v in SAMPLE_COUNTS.to_numpy().ravel() if v)
        if heights != want:
            shown = ", ".join(f"{h:g}" for h in heights) or "none"
            raise CheckFailed(
                "For a table with the counts EU 2 and 1, Japan 0 and 4, US 5 and 0, the "
                f"bars have the heights {shown}; expected bars of 1, 2, 4 and 5 (and none, or "
                "empty ones, for the zeros). Draw one bar per count: counts.plot.bar(ax=ax) "
                "does that, one colour per region.")
        problems = []
        if not ax.get_title().strip():
            problems.append("the chart needs a title")
        xlabel = ax.get_xlabel().strip()
        if not xlabel:
            problems.append("the x-axis needs a label (for example 'Kind of approval')")
        elif "_" in xlabel:
            problems.append(f"the x-axis label is the column name {xlabel!r}, which pandas "
                            "writes there: set a label in plain words after plotting, "
                            "ax.set_xlabel('Kind of approval')")
        ylabel = ax.get_ylabel().lower()
        if not any(word in ylabel for word in ("number", "count", "products")):
            problems.append("the y-axis label should say what is counted, for example "
                            "'Number of products'")
        legend = ax.get_legend()
        names = {t.get_text() for t in legend.get_texts()} if legend else set()
        if not all(any(region in name for name in names) for region in SAMPLE_COUNTS.columns):
            problems.append("the chart needs a legend that names each region (EU, Japan, US): "
                            "ax.legend(title='Region')")
        course = {c.lower() for c in PALETTE.values()}
        if any(to_hex(p.get_facecolor()).lower() not in course for p in ax.patches):
            problems.append("use the course's colour-blind-safe colours, for example "
                            "color=[PALETTE['blue'], PALETTE['orange'], PALETTE['bluish green']]")
        if problems:
            raise CheckFailed("Almost there: " + "; ".join(problems) + ".")
    finally:
        plt.close(fig)
    passed("plot_approvals draws one bar per count, with a title, labelled axes, a legend of "
           "the regions and the course's colours.")
