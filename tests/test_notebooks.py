"""Every lesson follows the course's shape, and every committed notebook is clean."""

from __future__ import annotations

import getpass
import json
import re
import socket

import pytest
from conftest import EXERCISES, LESSONS, PAGES, ROOT, SOLUTIONS, read_notebook

from stemimmune.engine.quizzes import load_quiz_file

EXECUTED = LESSONS + SOLUTIONS
LINK = re.compile(r"\]\(([^)#\s]+\.(?:ipynb|md|csv|json|toml|bib))(?:#[^)]*)?\)")
# What committed outputs must never show: absolute paths of a machine (not part of a URL),
# tokens, and 32+ hex digits in a row (a token or key) outside image data and widget ids.
PRIVATE = re.compile(
    r"(?<![\w.:/-])(?:/root\b|/home/[\w.-]+|/Users/[\w.-]+|/tmp/|/var/folders/|/private/var/"
    r"|/work/)"
    r"|\b[A-Za-z]:\\+(?:Users|Documents and Settings)\b"
    r"|(?i:\btoken=[^\s&\"'<>]+)"
    r"|(?<![0-9A-Fa-f])[0-9A-Fa-f]{32,}(?![0-9A-Fa-f])")
WIDGET_REFERENCE = re.compile(r"IPY_MODEL_[0-9a-f]{32}")  # one widget naming another
# Account and machine names so common that they are only searched for where they name one.
GENERIC_NAMES = {"root", "user", "admin", "jovyan", "runner", "vm", "localhost", "ubuntu"}


def identity_patterns() -> list[re.Pattern]:
    """The current user name and host name, as they would show in an output."""
    patterns = []
    for who in {getpass.getuser(), socket.gethostname(), socket.gethostname().split(".")[0]}:
        if len(who) >= 4 and who.lower() not in GENERIC_NAMES:
            patterns.append(re.compile(rf"(?<![\w-]){re.escape(who)}(?![\w-])"))
        elif who:  # e.g. root@vm, /root, \\vm\share
            escaped = re.escape(who)
            patterns.append(re.compile(
                rf"(?<![\w-]){escaped}@|@{escaped}(?![\w-])|[/\\]{escaped}[/\\]"))
    return patterns


def texts(value):
    """Every string in an output (keys included), leaving out image data and widget ids."""
    if isinstance(value, dict):
        for key, item in value.items():
            if str(key).startswith("image/") or key == "model_id":
                continue
            yield from texts(key)
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)
    elif isinstance(value, str):
        yield value


def name(path):
    return f"{path.parent.name}/{path.stem}"


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("lesson", LESSONS, ids=name)
def test_lesson_has_the_course_shape(lesson):
    nb = read_notebook(lesson)
    assert "nav-top" in nb.cells[0].metadata.get("tags", [])
    assert "nav-bottom" in nb.cells[-1].metadata.get("tags", [])
    title = next(c.source for c in nb.cells if c.cell_type == "markdown" and c.source.strip()
                 and "nav-top" not in c.metadata.get("tags", []))
    assert re.match(rf"# {lesson.name[:2]} · ", title)
    for part in ("Time", "Learning objectives", "Key terms", "not medical advice"):
        assert part in title, f"the title cell needs {part!r}"
    text = markdown(nb)
    assert "## Key points" in text
    assert any("references" in c.metadata.get("tags", []) for c in nb.cells)
    assert nb.metadata.get("stemimmune", {}).get("minutes", 0) > 0


@pytest.mark.parametrize("lesson", [p for p in LESSONS if not p.name.startswith("00")],
                         ids=name)
def test_lesson_has_enough_questions_and_figures(lesson):
    questions = load_quiz_file(ROOT / "quizzes" / f"{lesson.stem}.toml").questions
    assert len(questions) >= 5 and len({q.kind for q in questions}) >= 3
    images = [o for c in read_notebook(lesson).cells for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) >= 2


@pytest.mark.parametrize("path", EXECUTED, ids=name)
def test_code_cells_stay_short_enough_to_read(path):
    for cell in read_notebook(path).cells:
        if cell.cell_type == "code":
            assert len(cell.source.splitlines()) <= 25, (
                "move long code into the stemimmune package:\n" + cell.source[:200])


@pytest.mark.parametrize("path", EXECUTED, ids=name)
def test_every_figure_has_alt_text_that_the_text_repeats(path):
    nb = read_notebook(path)
    text = markdown(nb)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "image/png" not in output.get("data", {}):
                continue
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
            assert alt.strip(), f"a figure without alt text in cell:\n{cell.source}"
            assert re.search(r"\*\*Figure \d+\.\*\* " + re.escape(alt), text), (
                f"put the alt text in the Markdown as '**Figure N.** {alt}'")


@pytest.mark.parametrize("path", EXECUTED, ids=name)
def test_committed_executed_without_errors(path):
    nb = read_notebook(path)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip():
            assert cell.execution_count is not None, f"never executed:\n{cell.source}"
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert counts == list(range(1, len(counts) + 1)), "run top to bottom in a fresh kernel"


@pytest.mark.parametrize("lesson", LESSONS, ids=name)
def test_widgets_are_saved_in_their_static_form_only(lesson):
    """No widget view or widget state is saved: with them, plain nbconvert waits for a widget
    manager from a CDN (blank offline) and JupyterLab says "model not found" when the state is
    missing. Each former widget output keeps its HTML and text form instead, so every quiz
    reads as question and lettered options until the learner runs the notebook."""
    nb = read_notebook(lesson)
    assert "widgets" not in nb.metadata
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert not views
    if any("quiz.ask(" in c.source for c in nb.cells if c.cell_type == "code"):
        cards = [o for o in outputs if "Run the notebook to answer" in o.get("data", {}).get(
            "text/html", "")]
        assert cards, "the quiz outputs should keep their static HTML card"


@pytest.mark.parametrize("leak", [
    "/root/.jupyter", "/home/alice/course", "/Users/bob/x.csv", "/tmp/tmpa1b2/progress.json",
    "/work/main/data", r"C:\Users\carol", "?token=abc123", "0123456789abcdef" * 2,
    f"{getpass.getuser()}@{socket.gethostname()}", f"/{socket.gethostname()}/share/",
])
def test_the_privacy_check_catches_a_planted_leak(leak):
    output = {"output_type": "stream", "name": "stdout", "text": f"saved in {leak} ok"}
    found = [p.search(text) for text in texts(output) for p in (PRIVATE, *identity_patterns())]
    assert any(found), leak


def test_the_privacy_check_lets_ordinary_text_through():
    for text in ("https://example.org/home/page", "the square root", "doi:10.1038/s41591",
                 "IPY_MODEL_<id>", "Cells/work/day"):
        assert not any(p.search(text) for p in (PRIVATE, *identity_patterns())), text


@pytest.mark.parametrize("path", EXECUTED + EXERCISES + PAGES, ids=name)
def test_outputs_hold_no_private_paths_or_tokens(path):
    """No output (nor saved widget state) shows an absolute path, the user or host name,
    or anything token-like; image data and widget model ids are not searched."""
    nb = read_notebook(path)
    identities = identity_patterns()
    widget_state = nb.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    places = [(f"cell {i}", output) for i, cell in enumerate(nb.cells)
              for output in cell.get("outputs", [])]
    places += [("saved widget state", list(widget_state.values()))]
    for where, output in places:
        for text in texts(output):
            text = WIDGET_REFERENCE.sub("IPY_MODEL_<id>", text)
            for pattern in (PRIVATE, *identities):
                match = pattern.search(text)
                assert not match, f"{where} of {name(path)} shows {match.group(0)!r}"
        if where.startswith("cell"):
            assert "timestamp" not in json.dumps(output.get("metadata", {}))
    for cell in nb.cells:
        assert "execution" not in cell.metadata, "timing metadata is committed"


@pytest.mark.parametrize("path", EXECUTED + EXERCISES + PAGES, ids=name)
def test_relative_links_point_to_files_that_exist(path):
    for target in LINK.findall(markdown(read_notebook(path))):
        if "://" not in target:
            assert (path.parent / target).resolve().exists(), f"broken link: {target}"
