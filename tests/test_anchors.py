"""Every ``#fragment`` link in the course lands on a heading or an anchor that exists."""

from __future__ import annotations

import pytest
from anchors import (
    broken_fragment_links,
    fragment_links,
    heading_anchor,
    link_targets,
    markdown_anchors,
    notebook_anchors,
)
from conftest import ROOT

NOTEBOOKS = sorted(p for folder in ("notebooks", "solutions", "exercises")
                   for p in (ROOT / folder).glob("*.ipynb"))


@pytest.mark.parametrize("heading, anchor", [
    ("2. The potency ladder", "2.-The-potency-ladder"),
    ("3. What was measured?", "3.-What-was-measured?"),
    ('10. "Stem cell therapy" is not one thing', '10.-"Stem-cell-therapy"-is-not-one-thing'),
    ("3. Whose cells? Autologous and allogeneic", "3.-Whose-cells?-Autologous-and-allogeneic"),
    ("Course map", "Course-map"),
    ("1. The *italic* and **bold** `code` [link](x.ipynb)", "1.-The-italic-and-bold-code-link"),
])
def test_heading_anchor_matches_jupyter(heading, anchor):
    assert heading_anchor(heading) == anchor


def test_markdown_anchors_reads_headings_and_explicit_ids_but_not_code():
    text = ('## 1. One\n\ntext <a id="term-stem-cell"></a>**stem cell**\n\n'
            '```python\n# a comment, not a heading\n```\n### Deeper level\n')
    assert markdown_anchors(text) == {"1.-One", "term-stem-cell", "Deeper-level"}


def test_links_with_balanced_parentheses_and_percent_escapes_are_read_whole():
    text = ("See [a](x.ipynb#Hematopoietic-stem-cell-(HSC)) and [b](#ref-key), "
            "[c](y.ipynb#10.-%22Stem%22) and [web](https://example.org/#top).")
    assert link_targets(text)[0] == "x.ipynb#Hematopoietic-stem-cell-(HSC)"
    assert fragment_links(text) == [("x.ipynb", "Hematopoietic-stem-cell-(HSC)"),
                                    ("", "ref-key"), ("y.ipynb", '10.-"Stem"')]


def test_course_map_anchor_resolves():
    """Every lesson's navigation points at 00-welcome.ipynb#Course-map."""
    assert "Course-map" in notebook_anchors(ROOT / "notebooks" / "00-welcome.ipynb")


def test_a_broken_link_is_reported_with_a_suggestion(tmp_path):
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    target = new_notebook(cells=[new_markdown_cell("## 2. The potency ladder")])
    nbformat.write(target, tmp_path / "a.ipynb")
    source = new_notebook(cells=[new_markdown_cell(
        "[x](a.ipynb#2.-The-potency-laddr) [y](b.ipynb#top) [z](#ref-missing) [w](#nowhere)")])
    nbformat.write(source, tmp_path / "b.ipynb")
    problems = broken_fragment_links(tmp_path / "b.ipynb")
    assert len(problems) == 4
    assert "did you mean #2.-The-potency-ladder?" in problems[0]
    assert "does not exist" not in problems[1] and "no such anchor in b.ipynb" in problems[1]
    assert "references" in problems[2]
    assert "no such anchor in this notebook" in problems[3]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_fragment_link_lands_on_an_anchor(path):
    problems = broken_fragment_links(path)
    assert not problems, (f"{path.parent.name}/{path.name} has links to anchors that do not "
                          "exist:\n  " + "\n  ".join(problems))
