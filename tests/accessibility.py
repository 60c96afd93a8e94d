"""Accessibility audits with axe-core, run inside a page that Playwright drives.

axe-core (the engine behind most accessibility checkers) comes with the
``axe-playwright-python`` package, so nothing is downloaded when the tests run. Each audit
runs axe twice on the same page:

* on the **course content**: rendered Markdown and the outputs of code cells (quiz cards,
  explorer controls, figures, tables, the score line and the course map). A violation of
  "serious" or "critical" impact here fails the test;
* on **everything else**, the interface of JupyterLab or Notebook 7 itself. Those findings
  are recorded in the report and not counted, since the course cannot change them.

Every rule and node goes into the JSON report (see :func:`write_report`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from axe_playwright_python.sync_playwright import Axe

if TYPE_CHECKING:
    from playwright.sync_api import Page

#: Where the course's own content sits in a JupyterLab or Notebook 7 page.
CONTENT = [[".jp-Notebook .jp-MarkdownOutput"], [".jp-Notebook .jp-OutputArea-output"]]
#: Impacts that count against the course.
COUNTED = {"serious", "critical"}
#: WCAG 2.2 A and AA rules, plus axe's best practices (heading order, landmarks ...).
OPTIONS = {"resultTypes": ["violations", "incomplete"]}

_AXE = Axe()


def _findings(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each violated rule with its impact, help text and every node it failed on."""
    return [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
             "tags": v["tags"], "nodes": [{"target": n["target"], "html": n["html"][:300],
                                           "summary": n.get("failureSummary", "")}
                                          for n in v["nodes"]]}
            for v in results["violations"]]


def _to_review(results: dict[str, Any]) -> list[dict[str, Any]]:
    """What axe could not decide (its "incomplete" results), such as text over an image."""
    return [{"rule": v["id"], "impact": v["impact"],
             "nodes": [{"target": n["target"], "html": n["html"][:200],
                        "summary": n.get("failureSummary", "")} for n in v["nodes"]]}
            for v in results.get("incomplete", [])]


def audit(page: Page, content: list[list[str]] | None = CONTENT) -> dict[str, Any]:
    """Run axe on the page: course content, and (if ``content`` is given) the rest apart.

    ``content=None`` audits the whole page as course content (the static site, where every
    element is the course's own).
    """
    if content is None:
        ours = _AXE.run(page, options=OPTIONS).response
        return {"content": _findings(ours), "interface": [], "to_review": _to_review(ours)}
    ours = _AXE.run(page, context={"include": content}, options=OPTIONS).response
    theirs = _AXE.run(page, context={"exclude": content}, options=OPTIONS).response
    return {"content": _findings(ours), "interface": _findings(theirs),
            "to_review": _to_review(ours)}


def counted(report: dict[str, Any]) -> list[str]:
    """One line per serious or critical node in the course content."""
    return [f"{f['rule']} ({f['impact']}): {n['target']} {n['summary'][:200]}"
            for f in report["content"] if f["impact"] in COUNTED for n in f["nodes"]]


def tally(report: dict[str, Any], part: str) -> dict[str, int]:
    """Nodes per impact in one part of the report ("content" or "interface")."""
    counts: dict[str, int] = {}
    for finding in report[part]:
        counts[finding["impact"]] = counts.get(finding["impact"], 0) + len(finding["nodes"])
    return counts


def write_report(path: Path, report: dict[str, Any], **about: Any) -> None:
    """Save the report as JSON, with what was audited (front end, theme, notebook ...)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {**about, "counted": counted(report),
            "content_nodes_by_impact": tally(report, "content"),
            "interface_nodes_by_impact": tally(report, "interface"),
            "content_nodes_to_review": sum(len(f["nodes"]) for f in report["to_review"]),
            **report}
    path.write_text(json.dumps(body, indent=1, ensure_ascii=False) + "\n")
