"""Render the whole course to static HTML that reads offline, with no kernel.

Run from the course folder:

    python tools/build_static_site.py                    # learners' copy: build/site/
    python tools/build_static_site.py --with-solutions   # instructors' copy, with answers
    python tools/build_static_site.py --out some/dir

What it does, with nbconvert's own HTML exporter (lab template):

* by default it renders the learners' copy made by ``tools/make_student_release.py`` (no
  worked solutions, no instructor notes, links to solutions taken out), so the site can be
  published to a class; ``--with-solutions`` renders the course folder itself instead;
* every notebook in ``notebooks/`` and ``exercises/`` (and ``solutions/``) becomes an HTML
  page in the same folder layout, and the README becomes ``index.html``;
* links between notebooks (``01-….ipynb#section``), in the text and in outputs, are
  rewritten to the HTML pages;
* the saved widget state is left out, so each quiz shows the question and its options as
  plain HTML (the quiz's own static form) instead of an empty box waiting for a widget
  manager from the internet; the interactive controls are left out for the same reason;
* figures keep their alt text (the course sends each figure as an ``<img alt=…>``);
* ``data/``, the licence and the citation file (and, with solutions, ``docs/`` and
  ``references.bib``) are copied, so links to them work;
* no script or style is loaded from the internet (MathJax is not needed and is left out).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from make_student_release import copy_course  # noqa: E402

FOLDERS = ("notebooks", "exercises", "solutions")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# A Markdown or HTML link to a local notebook, with an optional #anchor.
NOTEBOOK_LINK = re.compile(r"(\]\(|href=\")((?![a-z]+://)[^)\"#\s]*?)\.ipynb(?=[#)\"])")
README_LINK = re.compile(r"(\]\()((?![a-z]+://)[^)#\s]*?)\.ipynb(?=[#)])")

STATIC_NOTE = ("> *This is the static reading copy of the course: quizzes show their questions "
               "and options, but checking answers, the interactive figures and the exercise "
               "checks need the notebooks themselves, running in Jupyter.*")


def to_html_links(text: str) -> str:
    """Point links to ``x.ipynb`` at ``x.html``, keeping any ``#anchor``."""
    return NOTEBOOK_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}.html", text)


def without_widgets(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop widget state and widget views; outputs keep their HTML and text forms."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if o.get("output_type") not in ("display_data", "execute_result")
                            or o.get("data")]
    return nb


def prepare(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as the static copy shows it."""
    nb = without_widgets(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = to_html_links(cell.source)
        for output in cell.get("outputs", []):  # e.g. the review's links to lessons
            html = output.get("data", {}).get("text/html")
            if html is not None:
                text = html if isinstance(html, str) else "".join(html)
                output["data"]["text/html"] = to_html_links(text)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(STATIC_NOTE))
    return nb


#: Readable colours for the lab template. Its code colours (comments, numbers, operators
#: ...) fall short of 4.5:1 contrast on the code background (#f5f5f5); these darker ones
#: reach at least 4.8:1, which axe's colour-contrast rule checks. Links in text are
#: underlined, so that they are not told apart from the text by colour alone.
READABLE_CSS = """<style>
:root {
  --jp-mirror-editor-atom-color: #5a5aad;
  --jp-mirror-editor-number-color: #007a00;
  --jp-mirror-editor-variable-3-color: #007a4c;
  --jp-mirror-editor-operator-color: #9418de;
  --jp-mirror-editor-comment-color: #3a7373;
  --jp-mirror-editor-meta-color: #9418de;
  --jp-mirror-editor-bracket-color: #6a6a52;
  --jp-mirror-editor-quote-color: #007a00;
  --jp-mirror-editor-error-color: #d60000;
  --jp-mirror-editor-hr-color: #6a6a6a;
}
.jp-RenderedHTMLCommon a:link,
.jp-RenderedHTMLCommon a:visited { text-decoration: underline; }
</style>
"""


def exporter() -> HTMLExporter:
    """nbconvert's lab template, offline: no MathJax, no widget manager, and no "In [ ]:"
    prompts (a reading copy runs nothing, and their grey fails the contrast check)."""
    html = HTMLExporter(template_name="lab")
    html.mathjax_url = ""
    html.require_js_url = ""
    html.exclude_input_prompt = True
    html.exclude_output_prompt = True
    return html


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def render(path: Path, html: HTMLExporter) -> str:
    """One notebook as a standalone HTML page."""
    nb = prepare(nbformat.read(path, as_version=4))
    body, _ = html.from_notebook_node(nb, resources={"metadata": {"name": _title(nb, path.stem)}})
    return _offline(body)


def _offline(body: str) -> str:
    """Remove script tags that would fetch code from the internet, or that are empty
    because MathJax and require.js are switched off; add the readable colours."""
    body = re.sub(r'<script[^>]+src="(?:https?://[^"]*)?"[^>]*>\s*</script>', "", body)
    return body.replace("</head>", READABLE_CSS + "</head>", 1)


def render_readme(root: Path, html: HTMLExporter) -> str:
    """README.md as ``index.html``, with its links to notebooks pointing at the pages."""
    text = (root / "README.md").read_text("utf-8")
    text = README_LINK.sub(lambda m: f"{m.group(1)}{m.group(2)}.html", text)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])
    body, _ = html.from_notebook_node(nb, resources={"metadata": {
        "name": "Stem Cells and the Immune System"}})
    return _offline(body)


def build(out: Path, root: Path = ROOT, with_solutions: bool = False) -> list[Path]:
    """Write the site into ``out`` (emptied first); return the pages written."""
    if with_solutions:
        return _build_from(root, out)
    with tempfile.TemporaryDirectory(prefix="stemimmune-student-") as folder:
        copy_course(root, Path(folder))
        return _build_from(Path(folder), out)


def _build_from(source: Path, out: Path) -> list[Path]:
    if out.exists():
        shutil.rmtree(out)
    html = exporter()
    pages = []
    for folder in FOLDERS:
        for path in sorted((source / folder).glob("*.ipynb")):
            page = out / folder / f"{path.stem}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(render(path, html), "utf-8")
            pages.append(page)
    index = out / "index.html"
    index.write_text(render_readme(source, html), "utf-8")
    pages.append(index)
    for folder in ("data", "docs"):
        if (source / folder).is_dir():
            shutil.copytree(source / folder, out / folder)
    for name in ("references.bib", "LICENSE", "CITATION.cff"):
        if (source / name).exists():
            shutil.copy2(source / name, out / name)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site",
                        help="folder to write (default: build/site)")
    parser.add_argument("--with-solutions", action="store_true",
                        help="render the course folder with its worked solutions (for "
                             "instructors; do not publish it to learners)")
    args = parser.parse_args(argv)
    pages = build(args.out.resolve(), with_solutions=args.with_solutions)
    print(f"wrote {len(pages)} pages to {args.out}; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
