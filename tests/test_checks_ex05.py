"""Exercise 05 checkers: right answers pass; each slip gets its own plain sentence."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from stemimmune.engine.checking import CheckFailed, NotAnswered  # noqa: E402
from stemimmune.engine.figures import new_figure  # noqa: E402
from stemimmune.lessons.lesson05 import checks as ex05  # noqa: E402


def unanswered(*_args):
    raise NotAnswered()


# Reference answers, written the way the solution notebook writes them ----------------------
def incidence(table, donor_type):
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, not a {type(table).__name__}")
    if table.empty:
        raise ValueError("the table has no patients")
    rows = table[table["donor_type"] == donor_type]
    if rows.empty:
        raise ValueError(f"unknown donor type: {donor_type}")
    return rows["acute_gvhd"].sum() / len(rows)


def incidence_difference(table, donor_a, donor_b):
    return incidence(table, donor_a) - incidence(table, donor_b)


def plot_incidence(table, title="Acute GVHD by donor type (simulated data)",
                   xlabel="Donor type", ylabel="Acute GVHD (% of patients)", scale=100):
    donors = list(dict.fromkeys(table["donor_type"]))
    fig, ax = new_figure("placeholder", xlabel="x", ylabel="y")
    ax.bar(donors, [scale * incidence(table, d) for d in donors])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig


def test_reference_answers_pass(capsys):
    ex05.check_incidence(incidence)
    ex05.check_incidence_refuses(incidence)
    ex05.check_difference(incidence_difference)
    ex05.check_plot(plot_incidence)
    assert capsys.readouterr().out.count("✔") == 4


def test_sample_cohort_has_the_stated_counts_and_mixed_rows():
    table = ex05.make_cohort(ex05.SAMPLE_COUNTS)
    summary = table.groupby("donor_type")["acute_gvhd"].agg(["count", "sum"])
    for donor, (patients, with_gvhd) in ex05.SAMPLE_COUNTS.items():
        assert tuple(summary.loc[donor]) == (patients, with_gvhd)
    assert list(table["donor_type"].iloc[:3]) == list(ex05.SAMPLE_COUNTS)  # interleaved
    assert table["acute_gvhd"].dtype == bool


# Task 1: incidence -------------------------------------------------------------------------
def _rows(table, donor):
    return table[table["donor_type"] == donor]


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t, d: 100 * _rows(t, d)["acute_gvhd"].mean(), "percentage.*do not multiply by 100"),
    (lambda t, d: _rows(t, d)["acute_gvhd"].sum(), "count of patients"),
    (lambda t, d: _rows(t, d)["acute_gvhd"].sum() / len(t), "divided by every patient"),
    (lambda t, d: 1 - _rows(t, d)["acute_gvhd"].mean(), "WITHOUT acute GVHD"),
    (lambda t, d: t["acute_gvhd"].mean(), "expected about"),
    (lambda t, d: _rows(t, d)["acute_gvhd"], "whole pandas Series"),
    (lambda t, d: _rows(t, d), "whole pandas DataFrame"),
    (lambda t, d: None, "forget the `return`"),
    (lambda t, d: "40%", "single number"),
    (lambda t, d: [0.4], "single number"),
    (lambda t, d: True, "single number"),
    (lambda t, d: math.nan, "nan.*no row is selected"),
    (lambda t, d: math.inf, "finite"),
    (lambda t, d: t[t["donor_type"] == d.title()]["acute_gvhd"].mean(), "nan"),
    ("incidence", "should be a function"),
])
def test_incidence_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex05.check_incidence(function)


def test_incidence_must_stay_between_zero_and_one():
    def over_one(table, donor):
        return 1.5 if donor == "autologous" else _rows(table, donor)["acute_gvhd"].mean()
    with pytest.raises(CheckFailed, match="expected about 0"):
        ex05.check_incidence(over_one)


def no_guards(table, donor_type):
    rows = table[table["donor_type"] == donor_type]
    return int(rows["acute_gvhd"].sum()) / len(rows)  # plain ints: 0 / 0 raises


def mean_without_guards(table, donor_type):
    return table[table["donor_type"] == donor_type]["acute_gvhd"].mean()


def guards_donor_only(table, donor_type):
    rows = table[table["donor_type"] == donor_type]
    if rows.empty:
        raise ValueError("unknown donor type")
    return rows["acute_gvhd"].mean()


def guards_without_message(table, donor_type):
    if not isinstance(table, pd.DataFrame):
        raise TypeError("table must be a DataFrame")
    rows = table[table["donor_type"] == donor_type]
    if rows.empty:
        raise ValueError()
    return rows["acute_gvhd"].mean()


def wrong_error_for_type(table, donor_type):
    if not isinstance(table, pd.DataFrame):
        raise ValueError("table must be a DataFrame")
    return guards_donor_only(table, donor_type)


def zero_for_unknown(table, donor_type):
    if not isinstance(table, pd.DataFrame):
        raise TypeError("table must be a DataFrame")
    rows = table[table["donor_type"] == donor_type]
    return rows["acute_gvhd"].mean() if len(rows) else 0.0


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (no_guards, r"incidence\(table, 'haploidentical'\) stopped with ZeroDivisionError"),
    (mean_without_guards, r"'haploidentical'\) returned nan.*raise ValueError"),
    (zero_for_unknown, r"'haploidentical'\) returned 0.*unknown donor type"),
    (guards_without_message, "without a message"),
    (guards_donor_only, r"incidence\(a_dictionary, 'unrelated'\) stopped with KeyError"
                        r".*raise TypeError"),
    (wrong_error_for_type, r"a_dictionary.*stopped with ValueError.*raise TypeError"),
    ("incidence", "should be a function"),
])
def test_incidence_refuses_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex05.check_incidence_refuses(function)


def test_an_empty_table_must_be_refused_too():
    def returns_zero_when_empty(table, donor_type):
        if not isinstance(table, pd.DataFrame):
            raise TypeError("table must be a DataFrame")
        if table.empty:
            return 0.0
        return guards_donor_only(table, donor_type)
    with pytest.raises(CheckFailed, match=r"empty_table.*returned 0.*table is empty"):
        ex05.check_incidence_refuses(returns_zero_when_empty)


def test_a_file_name_must_be_refused_with_type_error():
    def reads_files(table, donor_type):
        if isinstance(table, str):
            return 0.5
        if not isinstance(table, pd.DataFrame):
            raise TypeError("table must be a DataFrame")
        return guards_donor_only(table, donor_type)
    with pytest.raises(CheckFailed, match=r"'cohort.csv'.*returned 0.5.*piece of text"):
        ex05.check_incidence_refuses(reads_files)


# Task 2: incidence_difference --------------------------------------------------------------
@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t, a, b: incidence(t, b) - incidence(t, a), "sign is reversed"),
    (lambda t, a, b: 100 * (incidence(t, a) - incidence(t, b)), "percentage points"),
    (lambda t, a, b: incidence(t, a) / incidence(t, b), "ratio"),
    (lambda t, a, b: (incidence(t, a) - incidence(t, b)) / incidence(t, b), "relative"),
    (lambda t, a, b: incidence(t, a) + incidence(t, b), "expected about"),
    (lambda t, a, b: None, "forget the `return`"),
    (lambda t, a, b: f"{incidence(t, a) - incidence(t, b)}", "single number"),
])
def test_difference_explains_what_is_wrong(function, message):
    with pytest.raises(CheckFailed, match=message):
        ex05.check_difference(function)


# Task 3: plot_incidence --------------------------------------------------------------------
def no_bars(table):
    fig, _ax = new_figure("Simulated", xlabel="x", ylabel="%")
    return fig


def one_bar(table):
    fig, ax = new_figure("Simulated", xlabel="x", ylabel="%")
    ax.bar(["all"], [50])
    return fig


def counts_as_bars(table):
    fig, ax = new_figure("Simulated", xlabel="Donor", ylabel="%")
    summary = table.groupby("donor_type", sort=False)["acute_gvhd"].sum()
    ax.bar(summary.index, summary.values)
    return fig


@pytest.mark.parametrize("function, message", [
    (unanswered, "Not answered yet"),
    (lambda t: None, "should return the matplotlib Figure.*NoneType"),
    (lambda t: plot_incidence(t).axes[0], None),  # returning the Axes is accepted
    (no_bars, "no bars"),
    (one_bar, "has 1 bars; draw one bar per donor type"),
    (lambda t: plot_incidence(t, scale=1), "fractions.*multiply each incidence by 100"),
    (counts_as_bars, "counts of patients"),
    (lambda t: plot_incidence(t, scale=50), "expected 40, 75 and 0"),
    (lambda t: plot_incidence(t, title=""), "needs a title"),
    (lambda t: plot_incidence(t, title="Acute GVHD by donor type"), "say that the data are "
                                                                     "simulated"),
    (lambda t: plot_incidence(t, xlabel=""), "x-axis needs a label"),
    (lambda t: plot_incidence(t, ylabel=""), "y-axis needs a label"),
    (lambda t: plot_incidence(t, ylabel="Acute GVHD"), "unit: % of patients"),
    (lambda t: plot_incidence(t, title="", xlabel=""), "needs a title; the x-axis needs"),
])
def test_plot_explains_what_is_wrong(function, message):
    if message is None:
        ex05.check_plot(function)
    else:
        with pytest.raises(CheckFailed, match=message):
            ex05.check_plot(function)
    assert not plt.get_fignums(), "the checker should close the figures it checks"
