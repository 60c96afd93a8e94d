"""Each data file matches its description in data/datapackage.json, and names its source."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from frictionless import Package

from stemimmune.engine.authoring import load_bibliography

DESCRIPTOR = ROOT / "data" / "datapackage.json"


def test_every_file_matches_its_description():
    report = Package(str(DESCRIPTOR)).validate()
    problems = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    problems += [err.message for err in report.errors]
    assert report.valid, "\n".join(problems)


def test_every_csv_is_described():
    described = {r["path"] for r in json.loads(DESCRIPTOR.read_text())["resources"]}
    on_disk = {p.name for p in (ROOT / "data").glob("*.csv")}
    assert on_disk == described


def test_every_resource_has_source_licence_and_units():
    bib = load_bibliography(ROOT / "references.bib")
    for resource in json.loads(DESCRIPTOR.read_text())["resources"]:
        assert resource.get("title") and resource.get("description"), resource["name"]
        assert resource.get("licenses"), resource["name"]
        assert resource.get("sources"), resource["name"]
        for source in resource["sources"]:
            assert source.get("path", "").startswith("https://"), source
            assert source.get("citation") in bib.entries, source
        for field in resource["schema"]["fields"]:
            assert field.get("type") and field.get("unit") and field.get("description"), field


def test_every_source_says_when_it_was_read():
    """So that a reviewer knows how old each table's facts are (docs/reviewing.md)."""
    undated = [f"{resource['name']}: {source.get('title', '?')}"
               for resource in json.loads(DESCRIPTOR.read_text())["resources"]
               for source in resource["sources"]
               if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", str(source.get("read", "")))]
    assert not undated, "add \"read\": \"YYYY-MM\" to these sources:\n" + "\n".join(undated)
