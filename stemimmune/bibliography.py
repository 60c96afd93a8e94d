"""The course's one bibliography (``references.bib``) and the citations that point into it.

A notebook cites a source with a Markdown link to its anchor in the notebook's reference
list, for example ``[Sender & Milo 2021](#ref-sender2021)``; data files cite it by key in
``data/datapackage.json``. ``tools/update_generated.py`` writes each notebook's reference
list from this module, so every citation resolves and the list never drifts.
"""

from __future__ import annotations

import re
from pathlib import Path

from pybtex.database import BibliographyData, Entry, parse_file
from pybtex.plugin import find_plugin

#: A citation in notebook Markdown: a link to ``#ref-<key>``.
CITATION = re.compile(r"\]\(#ref-([A-Za-z0-9_:-]+)\)")


def load_bibliography(path: str | Path) -> BibliographyData:
    """Parse the BibTeX file."""
    return parse_file(str(path), bib_format="bibtex")


def cited_keys(markdown: str) -> list[str]:
    """Keys cited in a text, each once, in order of first citation."""
    return list(dict.fromkeys(CITATION.findall(markdown)))


def identifiers(entry: Entry) -> dict[str, str]:
    """The entry's DOI, PMID and URL (whichever it has)."""
    return {k: entry.fields[k] for k in ("doi", "pmid", "url") if entry.fields.get(k)}


def format_references(bib: BibliographyData, keys: list[str]) -> list[str]:
    """One Markdown line per key, in the given order, with DOI and PubMed links.

    Raises KeyError naming any key that the bibliography lacks.
    """
    missing = [k for k in keys if k not in bib.entries]
    if missing:
        raise KeyError(f"not in the bibliography: {', '.join(missing)}")
    style = find_plugin("pybtex.style.formatting", "unsrt")(abbreviate_names=True)
    backend = find_plugin("pybtex.backends", "markdown")()
    selected = BibliographyData({k: bib.entries[k] for k in keys})
    lines = []
    for formatted in style.format_entries(selected.entries.values()):
        text = " ".join(formatted.text.render(backend).split())
        pmid = selected.entries[formatted.key].fields.get("pmid")
        if pmid:
            text += f" PMID: [{pmid}](https://pubmed.ncbi.nlm.nih.gov/{pmid}/)."
        lines.append(f'<a id="ref-{formatted.key}"></a>{text}')
    return lines
