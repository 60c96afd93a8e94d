"""The course writes British English with Oxford -ize endings (docs/AUTHORING.md).

The check reads what a learner reads: Markdown cells of lessons, pages and solutions, quiz
text, the data descriptions, the README and docs. Code, link targets, inline code, the
generated reference lists and the titles of cited works are left out: they keep their own
spelling.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, read_notebook

# American form (as a regular expression on a lower-cased word start) -> British form.
AMERICAN = {
    r"hematopoie": "haematopoie", r"hemopoie": "haemopoie", r"hematolog": "haematolog",
    r"leukemi": "leukaemi", r"anemi": "anaemi", r"hemoglobin": "haemoglobin",
    r"thalassemi": "thalassaemi", r"tumor": "tumour", r"colors?\b": "colour",
    r"colored\b": "coloured", r"center(s|ed)?\b": "centre", r"behavior": "behaviour",
    r"favor": "favour", r"labeled\b": "labelled", r"labeling\b": "labelling",
    r"modeling\b": "modelling", r"pediatric": "paediatric", r"esophag": "oesophag",
    r"edema\b": "oedema", r"diarrhea": "diarrhoea", r"anesthe": "anaesthe",
    r"hemorrhag": "haemorrhag", r"gynecolog": "gynaecolog",
    r"randomis": "randomiz", r"organis(e|ed|es|ing|ation)\b": "organiz",
    r"recognis": "recogniz", r"characteris": "characteriz", r"minimis": "minimiz",
}
AMERICAN = {k: v for k, v in AMERICAN.items() if k.rstrip("?\\b") != v}
WORD = re.compile(r"\b(" + "|".join(AMERICAN) + r")", re.I)

# Proper names keep their own spelling.
NAMES = re.compile(
    r"(Cancer|Blood|Medical|Cord Blood|Research|Kettering Cancer|Anderson Cancer) Center"
    r"|American Society of Hematology|Hematology|Pediatrics|Blood Center"
    r"|Center for (Biologics|Drug|International)[^.]*", re.I)
STRIP = [
    re.compile(r"```.*?```", re.S),          # code blocks
    re.compile(r"`[^`]*`"),                  # inline code
    re.compile(r"\]\([^)]*\)"),              # link targets
    re.compile(r"<[^>]+>"),                  # HTML tags
    re.compile(r"https?://\S+"),             # bare URLs
    re.compile(r"\*[^*\n]*\*,\s*\d"),        # journal names in reference lines
]


def prose(text: str) -> str:
    for pattern in STRIP:
        text = pattern.sub(" ", text)
    return NAMES.sub(" ", text)


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def notebook_text(path: Path) -> str:
    return "\n".join(c.source for c in read_notebook(path).cells
                     if c.cell_type == "markdown" and "references" not in _tags(c))


def quiz_text(path: Path) -> str:
    parts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"id", "kind", "notebook", "section"}:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(tomllib.loads(path.read_text("utf-8")))
    return "\n".join(parts)


def data_text(path: Path) -> str:
    package = json.loads(path.read_text("utf-8"))
    parts = [package.get("title", ""), package.get("description", "")]
    for resource in package["resources"]:
        parts += [resource.get("title", ""), resource.get("description", "")]
        parts += [f.get("description", "") for f in resource["schema"]["fields"]]
    return "\n".join(parts)


def places() -> list[Path]:
    found = [*sorted((ROOT / "notebooks").glob("*.ipynb")),
             *sorted((ROOT / "solutions").glob("*.ipynb")),
             *sorted((ROOT / "quizzes").glob("*.toml")),
             ROOT / "data" / "datapackage.json", ROOT / "README.md",
             *sorted((ROOT / "docs").glob("*.md"))]
    return [p for p in found if p.name != "references.ipynb"]


def text_of(path: Path) -> str:
    if path.suffix == ".ipynb":
        return notebook_text(path)
    if path.suffix == ".toml":
        return quiz_text(path)
    if path.suffix == ".json":
        return data_text(path)
    return path.read_text("utf-8")


def american_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in WORD.finditer(prose(text))})


@pytest.mark.parametrize("path", places(), ids=lambda p: str(p.relative_to(ROOT)))
def test_prose_uses_british_spelling(path):
    found = []
    for line in text_of(path).splitlines():
        for word in american_words(line):
            found.append(f"{word!r} in: {line.strip()[:120]}")
    assert not found, "use British spelling (docs/AUTHORING.md):\n" + "\n".join(found)


def test_the_check_catches_american_spelling_and_spares_names_and_code():
    assert american_words("Acute leukemia and a tumor; randomised trial") == [
        "leukemi", "randomis", "tumor"]
    assert american_words("Cleveland Cord Blood Center; `color='k'`") == []
    assert american_words("[a link](https://a/hematology)") == []
    assert american_words('<a id="term-hematopoietic-stem-cell"></a>') == []
    assert american_words("A randomized trial of haematopoietic cells in leukaemia") == []
