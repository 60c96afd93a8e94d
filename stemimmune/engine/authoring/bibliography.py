"""The course's one bibliography (``references.bib``) and the citations that point into it.

A notebook cites a source with a Markdown link to its anchor in the notebook's reference
list, for example ``[Sender & Milo 2021](#ref-sender2021)``; data files cite it by key in
``data/datapackage.json``. ``tools/update_generated.py`` writes each notebook's reference
list from this module, so every citation resolves and the list never drifts.

Each notebook's anchors carry a tag of their own, ``#ref-01-sender2021`` in lesson 01 and
``#ref-s01-sender2021`` in solution 01 (see :func:`anchor_tag`), because JupyterLab looks up
an in-page link's target in every open notebook and scrolls the first it finds: with the
glossary open, a lesson's ``#ref-sender2021`` would scroll the glossary's hidden copy.
Authors may write the short form; ``tools/update_generated.py`` adds the tag.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.backends.markdown import Backend as _PybtexMarkdown
from pybtex.database import BibliographyData, Entry, parse_file
from pybtex.plugin import find_plugin

#: The tag part of an anchor: two digits (a lesson), s or e and two digits (a solution or an
#: exercise), or the name of a course page.
TAG = r"(?:\d\d|[se]\d\d|glossary|references)"
#: A citation in notebook Markdown: a link to ``#ref-<key>`` or ``#ref-<tag>-<key>``.
CITATION = re.compile(rf"\]\(#ref-(?:{TAG}-)?([A-Za-z0-9_:-]+)\)")
#: A citation link or a reference anchor, with or without a tag, for :func:`retag`.
_TAGGED = re.compile(rf"(\]\(#|<a id=\")ref-(?:{TAG}-)?(?=[A-Za-z0-9_:-]+[)\"])")

#: A web address written out in a note (not already a link's target or text).
BARE_URL = re.compile(r"(?<![(\[<])https://[^\s<>()\[\]]+?(?=[.,;:]?(?:\s|$))")
#: An NCBI address (PubMed, PMC, Bookshelf) without its closing slash.
NCBI_NO_SLASH = re.compile(r"(https://(?:pubmed\.ncbi\.nlm\.nih\.gov/|pmc\.ncbi\.nlm\.nih\.gov/"
                           r"articles/PMC|www\.ncbi\.nlm\.nih\.gov/books/NBK)\d+)(?![\d/])")
#: Inline TeX in a title, for example ``$\beta ^0$``.
TEX_MATH = re.compile(r"\$([^$]*)\$")
_TEX_SYMBOLS = {r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ",
                r"\kappa": "κ", r"\mu": "μ", r"\times": "×", r"\pm": "±"}
_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SUBSCRIPTS = str.maketrans("0123456789+-", "₀₁₂₃₄₅₆₇₈₉₊₋")


def _tex_to_unicode(match: re.Match[str]) -> str:
    """``$\beta ^0$`` -> ``β⁰``; math this does not know stays as written."""
    text = match.group(1)
    for command, symbol in _TEX_SYMBOLS.items():
        text = re.sub(re.escape(command) + r"(?![A-Za-z])\s*", symbol, text)
    text = re.sub(r"\s*\^\s*\{?([0-9+-]+)\}?", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    text = re.sub(r"\s*_\s*\{?([0-9+-]+)\}?", lambda m: m.group(1).translate(_SUBSCRIPTS), text)
    return match.group(0) if "\\" in text or "{" in text else text


class CleanMarkdown(_PybtexMarkdown):
    """pybtex's Markdown, escaping only what would otherwise change the rendering.

    pybtex escapes every dot, hyphen and bracket with a backslash; JupyterLab reads those
    as intended, but nbconvert and the static site show them in link texts
    (``github\\.com/milo\\-lab``). This backend leaves ordinary punctuation alone, so the same
    line reads cleanly in all three. It still escapes what Markdown (or JupyterLab's maths)
    would act on: backslash, backtick, asterisk, brackets, dollar and an underscore that is
    not inside a word; ``<`` and ``&`` become entities.
    """

    def format_str(self, text: str) -> str:
        text = TEX_MATH.sub(_tex_to_unicode, text)
        text = re.sub(r"`([^`']*)'", "‘\\1’", text)  # TeX quotes: `word' -> ‘word’
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = re.sub(r"([\\`*\[\]$])", r"\\\1", text)
        return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)


#: A Markdown link whose text is its own web address (what pybtex writes for a URL field).
_URL_AS_TEXT = re.compile(r"\[(https?://[^\]\s]+)\]\(\1\)")


def link_text(url: str) -> str:
    """Words for a link to ``url``, so that the text is never the bare address (a screen
    reader would spell it out): "PMC5496982", "NCBI Bookshelf NBK577656", "PubMed 18295580",
    "doi:10.1016/…" or, for any other page, "web page at fda.gov"."""
    if match := re.search(r"pmc\.ncbi\.nlm\.nih\.gov/articles/(PMC\d+)", url):
        return match.group(1)
    if match := re.search(r"ncbi\.nlm\.nih\.gov/books/(NBK\d+)", url):
        return f"NCBI Bookshelf {match.group(1)}"
    if match := re.search(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d+)", url):
        return f"PubMed {match.group(1)}"
    if match := re.match(r"https?://(?:dx\.)?doi\.org/(.+)", url):
        return f"doi:{match.group(1)}"
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return f"web page at {host}"


def _link_bare_urls(text: str) -> str:
    """Turn a web address written out in a note into a Markdown link with words for text
    (:func:`link_text`), and end NCBI addresses with their slash (the form NCBI itself
    links to)."""
    text = BARE_URL.sub(lambda m: f"[{m.group(0)}]({m.group(0)})", text)
    text = NCBI_NO_SLASH.sub(r"\1/", text)
    return _URL_AS_TEXT.sub(lambda m: f"[{link_text(m.group(1))}]({m.group(1)})", text)


def load_bibliography(path: str | Path) -> BibliographyData:
    """Parse the BibTeX file."""
    return parse_file(str(path), bib_format="bibtex")


def anchor_tag(path: Path) -> str:
    """The tag of a notebook's reference anchors: ``01`` for ``notebooks/01-….ipynb``,
    ``s01`` and ``e01`` for solution and exercise 01, the file's name for other pages."""
    number = path.name[:2] if path.name[:2].isdigit() else ""
    if number and path.parent.name == "solutions":
        return f"s{number}"
    if number and path.parent.name == "exercises":
        return f"e{number}"
    return number or path.stem


def retag(markdown: str, tag: str) -> str:
    """Give every citation link and reference anchor in a text the tag `tag`."""
    return _TAGGED.sub(lambda m: f"{m.group(1)}ref-{tag}-", markdown)


def cited_keys(markdown: str) -> list[str]:
    """Keys cited in a text, each once, in order of first citation."""
    return list(dict.fromkeys(CITATION.findall(markdown)))


def identifiers(entry: Entry) -> dict[str, str]:
    """The entry's DOI, PMID and URL (whichever it has)."""
    return {k: entry.fields[k] for k in ("doi", "pmid", "url") if entry.fields.get(k)}


def format_references(bib: BibliographyData, keys: list[str], tag: str = "") -> list[str]:
    """One Markdown line per key, in the given order, with DOI and PubMed links (and a link
    for every web address in a note), readable without escape characters. Each line starts
    with its anchor, ``<a id="ref-<tag>-<key>">`` (``ref-<key>`` without a tag).

    Raises KeyError naming any key that the bibliography lacks.
    """
    missing = [k for k in keys if k not in bib.entries]
    if missing:
        raise KeyError(f"not in the bibliography: {', '.join(missing)}")
    style = find_plugin("pybtex.style.formatting", "unsrt")(abbreviate_names=True)
    backend = CleanMarkdown()
    selected = BibliographyData({k: bib.entries[k] for k in keys})
    lines = []
    for formatted in style.format_entries(selected.entries.values()):
        text = _link_bare_urls(" ".join(formatted.text.render(backend).split()))
        pmid = selected.entries[formatted.key].fields.get("pmid")
        if pmid:
            text += f" PMID: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)."
        anchor = f"ref-{tag}-{formatted.key}" if tag else f"ref-{formatted.key}"
        lines.append(f'<a id="{anchor}"></a>{text}')
    return lines
