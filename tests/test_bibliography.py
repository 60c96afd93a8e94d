"""Every citation in the course resolves to an entry with a DOI, PMID or URL, and the
reference lists read cleanly (no escape backslashes) with every link in its known form."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import EXERCISES, LESSONS, PAGES, ROOT, SOLUTIONS, read_notebook
from nbconvert import HTMLExporter

from stemimmune.engine.authoring.bibliography import (
    NCBI_NO_SLASH,
    TAG,
    anchor_tag,
    cited_keys,
    format_references,
    identifiers,
    load_bibliography,
    retag,
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
    cited = set(cited_keys(text))
    unused = [k for k in BIB.entries if k not in cited and f'"{k}"' not in text]
    assert not unused, f"entries nobody cites: {unused}"


def test_formatting_links_doi_and_pubmed():
    line = format_references(BIB, ["sender2021"])[0]
    assert line.startswith('<a id="ref-sender2021"></a>')
    assert "https://doi.org/10.1038/s41591-020-01182-9" in line
    assert "https://pubmed.ncbi.nlm.nih.gov/33432173/" in line
    with pytest.raises(KeyError, match="nope"):
        format_references(BIB, ["nope"])


def test_cited_keys_in_order_once():
    text = "[a](#ref-x) and [b](#ref-01-y) and [a](#ref-s02-x) [c](#ref-glossary-z)"
    assert cited_keys(text) == ["x", "y", "z"]


def test_anchor_tags_and_retagging():
    assert anchor_tag(Path("notebooks/01-understanding-stem-cells.ipynb")) == "01"
    assert anchor_tag(Path("solutions/01-understanding-stem-cells.ipynb")) == "s01"
    assert anchor_tag(Path("exercises/01-understanding-stem-cells.ipynb")) == "e01"
    assert anchor_tag(Path("notebooks/glossary.ipynb")) == "glossary"
    text = '[a](#ref-x) [b](#ref-s01-y) <a id="ref-s01-y"></a> [c](other.ipynb#ref-02-z)'
    assert retag(text, "e01") == (
        '[a](#ref-e01-x) [b](#ref-e01-y) <a id="ref-e01-y"></a> [c](other.ipynb#ref-02-z)')
    assert format_references(BIB, ["sender2021"], "03")[0].startswith(
        '<a id="ref-03-sender2021"></a>')
    # No bibliography key could be read as a tag followed by a key.
    assert not [k for k in BIB.entries if re.match(rf"{TAG}-", k)]


def test_no_reference_anchor_is_in_two_notebooks():
    """JupyterLab scrolls the first element with an in-page link's id in any open notebook,
    so a reference anchor shared by two notebooks would make one of their links dead."""
    seen: dict[str, str] = {}
    for folder in ("notebooks", "solutions", "exercises"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            text = "\n".join(c.source for c in read_notebook(path).cells
                             if c.cell_type == "markdown")
            for anchor in set(re.findall(r'<a id="(ref-[^"]+)"', text)):
                assert anchor not in seen, f"{anchor} is in {seen.get(anchor)} and {path.name}"
                seen[anchor] = f"{folder}/{path.name}"
    assert len(seen) > 300


def test_the_references_page_lists_every_entry_once():
    page = "\n".join(c.source for c in read_notebook(ROOT / "notebooks" / "references.ipynb").cells)
    for key in BIB.entries:
        assert page.count(f'<a id="ref-references-{key}"></a>') == 1, key


# --- the rendered reference lists: clean link texts, and every link in its known form ----

#: The forms a reference link may take, by the host it points to; any other host: https.
LINK_FORMS = {
    "doi.org": re.compile(r"^https://doi\.org/10\.\d{4,9}/[^\s\\]+$"),
    "pubmed.ncbi.nlm.nih.gov": re.compile(r"^https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/$"),
    "pmc.ncbi.nlm.nih.gov": re.compile(r"^https://pmc\.ncbi\.nlm\.nih\.gov/articles/PMC\d+/$"),
    "www.ncbi.nlm.nih.gov": re.compile(r"^https://www\.ncbi\.nlm\.nih\.gov/books/NBK\d+/$"),
}
#: Any other web address (a few old FDA and journal addresses are still http).
OTHER_URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[a-z]{2,}(/[^\s\\]*)?$")
#: A backslash before punctuation: a Markdown escape that reached the page.
ESCAPED = re.compile(r"\\[!-/:-@\[-`{-~]")


class Links(HTMLParser):
    """Every link (target and text) inside the reference list items of an HTML page: the
    ``<li>`` elements that hold an ``<a id="ref-…">``."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []  # {"key", "text", "links": [(href, text)]}
        self._li_depth = 0
        self._item: dict | None = None
        self._link: list | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "li":
            self._li_depth += 1
            if self._li_depth == 1:
                self._item = {"key": None, "text": "", "links": []}
        if self._item is None:
            return
        anchor = attributes.get("id") or attributes.get("data-jupyter-id") or ""  # JupyterLab
        if tag == "a" and anchor.startswith("ref-"):
            self._item["key"] = re.sub(rf"^ref-(?:{TAG}-)?", "", anchor)
        elif tag == "a" and attributes.get("href"):
            self._link = [attributes["href"], ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None and self._item is not None:
            self._item["links"].append(tuple(self._link))
            self._link = None
        if tag == "li" and self._li_depth:
            self._li_depth -= 1
            if self._li_depth == 0 and self._item is not None:
                if self._item["key"]:
                    self.items.append(self._item)
                self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item["text"] += data
        if self._link is not None:
            self._link[1] += data


def reference_problems(items: list[dict], where: str) -> list[str]:
    """What is wrong with rendered reference items: escape characters in their text or link
    texts, a link not in its known form, or a DOI, PMID, PMC, NCBI Bookshelf or URL of the
    entry that has no link."""
    problems = []
    for item in items:
        key, text, links = item["key"], item["text"], item["links"]
        name = f"{where}: {key}"
        if ESCAPED.search(text):
            problems.append(f"{name} shows an escape: {ESCAPED.search(text).group(0)!r} in "
                            f"{text[:120]!r}")
        for href, label in links:
            if (href.startswith(("#", "../", "./", "http://127.0.0.1:"))
                    or "://" not in href):
                continue  # "Cited in" links to lessons (JupyterLab points them at its server)
            if ESCAPED.search(label) or "\\" in href:
                problems.append(f"{name}: link text {label!r} -> {href!r} has an escape")
            host = href.split("/")[2]
            form = LINK_FORMS.get(host, OTHER_URL)
            if not form.match(href):
                problems.append(f"{name}: {href!r} is not of the form {form.pattern}")
        if key not in BIB.entries:
            problems.append(f"{name}: not in references.bib")
            continue
        fields = BIB.entries[key].fields
        targets = {unquote(href) for href, _ in links}
        wanted = []
        if fields.get("doi"):
            wanted.append(f"https://doi.org/{fields['doi']}")
        if fields.get("pmid"):
            wanted.append(f"https://pubmed.ncbi.nlm.nih.gov/{fields['pmid']}/")
        if fields.get("url"):
            wanted.append(NCBI_NO_SLASH.sub(r"\1/", fields["url"]))
        wanted += [f"https://pmc.ncbi.nlm.nih.gov/articles/{pmc}/"
                   for pmc in re.findall(r"\bPMC\d+\b", text)]
        wanted += [f"https://www.ncbi.nlm.nih.gov/books/{nbk}/"
                   for nbk in re.findall(r"\bNBK\d+\b", text)]
        problems += [f"{name}: no link to {url}" for url in wanted
                     if unquote(url) not in targets]
    return problems


def nbconvert_html(path: Path) -> str:
    """The page plain ``jupyter nbconvert --to html`` writes (lab template)."""
    body, _ = HTMLExporter(template_name="lab").from_filename(str(path))
    return body


@pytest.mark.parametrize("path", [ROOT / "notebooks" / "references.ipynb", *LESSONS],
                         ids=lambda p: p.stem)
def test_nbconvert_reference_lists_read_cleanly_and_link_every_identifier(path):
    items = Links(nbconvert_html(path)).items
    cited = cited_keys("\n".join(c.source for c in read_notebook(path).cells
                                 if c.cell_type == "markdown"))
    expected = BIB.entries if path.name == "references.ipynb" else cited
    assert {item["key"] for item in items} == set(expected)
    assert reference_problems(items, path.stem) == []


def test_the_bookshelf_reference_links_to_the_bookshelf():
    line = format_references(BIB, ["pdqallohsct"])[0]
    target = "https://www.ncbi.nlm.nih.gov/books/NBK577656/"
    assert f"]({target})" in line and "\\" not in line


def test_formatting_escapes_only_what_markdown_would_act_on():
    from stemimmune.engine.authoring import CleanMarkdown

    backend = CleanMarkdown()
    assert backend.format_str("github.com/milo-lab/a_b (x) #1 + !") == (
        "github.com/milo-lab/a_b (x) #1 + !")
    assert backend.format_str("*a* [b] `c' $5 _e_ <f> & \\") == (
        "\\*a\\* \\[b\\] ‘c’ \\$5 \\_e\\_ &lt;f&gt; &amp; \\\\")
    assert backend.format_str("non-$\\beta ^0$ thalassemia") == "non-β⁰ thalassemia"
