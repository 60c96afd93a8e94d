"""The static reading copy builds offline, every link inside it works, and axe finds no
serious or critical accessibility problem on any page.

Builds the site once with ``tools/build_static_site.py`` into a temporary folder, then reads
every page with the standard library's HTML parser, and opens every page in headless
Chromium for the axe audit (reports in build/test-artifacts/accessibility/site-*.json).
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from accessibility import audit, counted, write_report
from conftest import ROOT
from test_browser import browser  # noqa: F401 (fixture)

sys.path.insert(0, str(ROOT / "tools"))
import build_static_site  # noqa: E402


class Page(HTMLParser):
    """The links, ids, images and scripts of one HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.images: list[dict[str, str | None]] = []
        self.script_sources: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("id", "name"):
            if attributes.get(name):
                self.ids.add(attributes[name])
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes)
        if tag == "script" and attributes.get("src") is not None:
            self.script_sources.append(attributes["src"] or "")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.script_sources.append(attributes.get("href") or "")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[Path, Page]:
    out = tmp_path_factory.mktemp("site")
    pages = build_static_site.build(out)
    return {page: Page(page.read_text("utf-8")) for page in pages}


def test_every_lesson_and_exercise_has_a_page_and_no_solution_does(site):
    built = {p.relative_to(p.parents[1]).as_posix() for p in site if p.name != "index.html"}
    expected = {f"{folder}/{nb.stem}.html" for folder in ("notebooks", "exercises")
                for nb in (ROOT / folder).glob("*.ipynb")}
    assert built == expected
    for page in site:
        text = page.read_text("utf-8")
        assert "BEGIN SOLUTION" not in text and "solutions/" not in text, page.name


def test_every_internal_link_and_anchor_resolves(site):
    broken = []
    for page, parsed in site.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.exists():
                broken.append(f"{page.name}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = site[target].ids if target in site else set()
                ids |= {unquote(i) for i in ids}
                if parts.fragment not in ids and unquote(parts.fragment) not in ids:
                    broken.append(f"{page.name}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)


def test_nothing_is_loaded_from_the_internet(site):
    for page, parsed in site.items():
        remote = [s for s in parsed.script_sources if s == "" or "://" in s]
        assert not remote, f"{page.name} loads {remote}"


def test_figures_keep_their_alt_text_and_quizzes_read_as_text(site):
    for page, parsed in site.items():
        if page.parent.name == "notebooks" and page.name[:2].isdigit():
            figures = [i for i in parsed.images if (i.get("src") or "").startswith("data:image")]
            assert figures, f"{page.name} shows no figure"
            assert all((i.get("alt") or "").strip() for i in figures), page.name
            text = page.read_text("utf-8")
            assert "Question 1." in text and "Run the notebook to answer" in text, page.name
            assert "application/vnd.jupyter.widget" not in text, page.name


def test_every_page_passes_the_axe_audit(site, browser):  # noqa: F811
    """Every element of a site page is the course's own, so all of it counts."""
    found = []
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        for path in sorted(site):
            page.goto(path.as_uri())
            report = audit(page, content=None)
            name = path.relative_to(path.parents[1]).with_suffix("").as_posix().replace("/", "-")
            write_report(ROOT / "build" / "test-artifacts" / "accessibility" / f"site-{name}.json",
                         report, page=path.name)
            found += [f"{path.name}: {line}" for line in counted(report)]
    finally:
        context.close()
    assert not found, f"{len(found)} serious or critical findings:\n" + "\n".join(found[:30])
