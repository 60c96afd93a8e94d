"""Every citation in the course resolves to an entry with a DOI, PMID or URL."""

from __future__ import annotations

import json

import pytest
from conftest import EXERCISES, LESSONS, PAGES, ROOT, SOLUTIONS, read_notebook

from stemimmune.bibliography import (
    cited_keys,
    format_references,
    identifiers,
    load_bibliography,
)

BIB = load_bibliography(ROOT / "references.bib")
NOTEBOOKS = LESSONS + SOLUTIONS + EXERCISES


@pytest.mark.parametrize("key", sorted(BIB.entries), ids=str)
def test_every_entry_has_an_identifier(key):
    assert identifiers(BIB.entries[key]), f"{key} needs a doi, pmid or url"


@pytest.mark.parametrize("path", NOTEBOOKS + PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_citation_in_a_notebook_resolves(path):
    nb = read_notebook(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    missing = [k for k in cited_keys(text) if k not in BIB.entries]
    assert not missing, f"cited but not in references.bib: {missing}"


def test_every_data_citation_resolves():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text())
    keys = [s["citation"] for r in package["resources"] for s in r["sources"]]
    assert keys and all(k in BIB.entries for k in keys)


def test_every_entry_is_used_somewhere():
    text = (ROOT / "data" / "datapackage.json").read_text()
    for path in NOTEBOOKS:
        text += "\n".join(c.source for c in read_notebook(path).cells)
    unused = [k for k in BIB.entries if f"#ref-{k})" not in text and f'"{k}"' not in text]
    assert not unused, f"entries nobody cites: {unused}"


def test_formatting_links_doi_and_pubmed():
    line = format_references(BIB, ["sender2021"])[0]
    assert line.startswith('<a id="ref-sender2021"></a>')
    assert "https://doi.org/10.1038/s41591-020-01182-9" in line
    assert "https://pubmed.ncbi.nlm.nih.gov/33432173/" in line
    with pytest.raises(KeyError, match="nope"):
        format_references(BIB, ["nope"])


def test_cited_keys_in_order_once():
    text = "[a](#ref-x) and [b](#ref-y) and [a](#ref-x)"
    assert cited_keys(text) == ["x", "y"]


def test_the_references_page_lists_every_entry_once():
    page = "\n".join(c.source for c in read_notebook(ROOT / "notebooks" / "references.ipynb").cells)
    for key in BIB.entries:
        assert page.count(f'<a id="ref-{key}"></a>') == 1, key
