"""tools/nbgitpuller_link.py builds the same link as nbgitpuller's own link generator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from nbgitpuller_link import form_encode, nbgitpuller_link  # noqa: E402

EXPECTED = ("https://hub.example.edu/hub/user-redirect/git-pull"
            "?repo=https%3A%2F%2Fgithub.com%2Forg%2Fcourse-student"
            "&urlpath=lab%2Ftree%2Fcourse-student%2Fnotebooks%2F00-welcome.ipynb&branch=main")

# The link generator's steps (nbgitpuller docs, link.js), written out for Node's own URL
# class, which encodes query values with the WHATWG rules a browser uses.
NODE_GENERATOR = """
const [hub, repo, urlpath, branch] = JSON.parse(process.argv[1]);
const url = new URL(hub);
url.searchParams.set('repo', repo);
if (urlpath) url.searchParams.set('urlpath', urlpath);
if (branch) url.searchParams.set('branch', branch);
url.pathname += 'hub/user-redirect/git-pull';
console.log(url.toString());
"""

CASES = [
    ("https://hub.example.edu", "https://github.com/org/course-student", "main",
     "notebooks/00-welcome.ipynb", "lab"),
    ("https://hub.example.edu/", "https://gitlab.com/o/course-student.git", "term 2",
     "notebooks/01 stem cells.ipynb", "notebook"),
    ("http://127.0.0.1:8000", "file:///srv/course~student", "release/v1*",
     "exercises/été.ipynb", "lab"),
]


def test_link_for_the_documented_example():
    link = nbgitpuller_link("https://hub.example.edu", "https://github.com/org/course-student",
                            "main", "notebooks/00-welcome.ipynb", "lab")
    assert link == EXPECTED


@pytest.mark.parametrize("hub,repo,branch,open_path,app", CASES)
def test_link_matches_the_link_generator_run_by_node(hub, repo, branch, open_path, app):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    folder = repo.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    urlpath = {"lab": "lab/tree/", "notebook": "tree/"}[app] + f"{folder}/{open_path}"
    expected = subprocess.run([node, "-e", NODE_GENERATOR,
                               json.dumps([hub, repo, urlpath, branch])],
                              check=True, capture_output=True, text=True).stdout.strip()
    assert nbgitpuller_link(hub, repo, branch, open_path, app) == expected


@pytest.mark.parametrize("hub,repo,branch,open_path,app", CASES)
def test_link_decodes_back_to_what_was_asked(hub, repo, branch, open_path, app):
    query = dict(parse_qsl(urlsplit(nbgitpuller_link(hub, repo, branch, open_path, app)).query))
    assert query["repo"] == repo and query["branch"] == branch
    assert query["urlpath"].endswith("/" + open_path)


def test_form_encoding_follows_urlsearchparams():
    assert form_encode("a b~c*d-e_f.g/h:é") == "a+b%7Ec*d-e_f.g%2Fh%3A%C3%A9"


def test_hub_under_a_path_and_link_without_file():
    link = nbgitpuller_link("https://uni.example/jupyter/", "https://github.com/o/c", None, None)
    assert link == "https://uni.example/jupyter/hub/user-redirect/git-pull?repo=" \
                   "https%3A%2F%2Fgithub.com%2Fo%2Fc"


def test_bad_hub_or_app_is_refused():
    with pytest.raises(ValueError, match="http"):
        nbgitpuller_link("hub.example.edu", "https://github.com/o/c")
    with pytest.raises(ValueError, match="app"):
        nbgitpuller_link("https://hub.example.edu", "https://github.com/o/c", app="rstudio")


def test_command_prints_the_link():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "nbgitpuller_link.py"), "--hub",
         "https://hub.example.edu", "--repo", "https://github.com/org/course-student",
         "--branch", "main", "--open", "notebooks/00-welcome.ipynb", "--app", "lab"],
        check=True, capture_output=True, text=True)
    assert result.stdout.strip() == EXPECTED
