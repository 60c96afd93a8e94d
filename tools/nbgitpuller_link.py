"""Print the nbgitpuller link that copies the student course into each learner's hub folder.

    python tools/nbgitpuller_link.py --hub https://hub.example.edu \\
        --repo https://github.com/org/course-student --branch main \\
        [--open notebooks/00-welcome.ipynb] [--app lab|notebook]

The link has the shape nbgitpuller's own link generator gives (its "JupyterHub" tab):
``<hub>/hub/user-redirect/git-pull?repo=…&urlpath=…&branch=…``, with each value encoded as
an HTML form encodes it (``URLSearchParams``). The file to open is given relative to the course
folder; nbgitpuller clones into a folder named after the repository, so the link opens
``<repository name>/<file>`` in JupyterLab (``lab/tree/…``) or Notebook 7 (``tree/…``).
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import quote_plus, urlsplit, urlunsplit

APP_PREFIXES = {"lab": "lab/tree/", "notebook": "tree/"}


def form_encode(value: str) -> str:
    """Encode one query value exactly as the browser's ``URLSearchParams`` does: letters,
    digits and ``*-._`` stay, a space becomes ``+``, everything else is %-encoded UTF-8."""
    return quote_plus(value, safe="*").replace("~", "%7E")


def repository_folder(repo: str) -> str:
    """The folder nbgitpuller clones into: the last part of the repository path, minus .git."""
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def nbgitpuller_link(hub: str, repo: str, branch: str | None = None,
                     open_path: str | None = None, app: str = "lab") -> str:
    """The nbgitpuller link for a hub, a course repository and the file to open after pulling."""
    if app not in APP_PREFIXES:
        raise ValueError(f"app must be one of {sorted(APP_PREFIXES)}, not {app!r}")
    parts = urlsplit(hub)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the hub must be an http(s) address, not {hub!r}")
    params = [("repo", repo)]
    if open_path is not None:
        params.append(("urlpath", APP_PREFIXES[app] + repository_folder(repo) + "/"
                       + open_path.lstrip("/")))
    if branch:
        params.append(("branch", branch))
    query = "&".join(f"{key}={form_encode(value)}" for key, value in params)
    path = parts.path.rstrip("/") + "/hub/user-redirect/git-pull"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", required=True,
                        help="the hub's address, e.g. https://hub.example.edu")
    parser.add_argument("--repo", required=True, help="git address of the student copy")
    parser.add_argument("--branch", default="main", help="branch to pull (default: main)")
    parser.add_argument("--open", dest="open_path", default="notebooks/00-welcome.ipynb",
                        help="file to open after pulling, relative to the course folder")
    parser.add_argument("--app", choices=sorted(APP_PREFIXES), default="lab",
                        help="open it in JupyterLab (lab) or Notebook 7 (notebook)")
    args = parser.parse_args(argv)
    try:
        print(nbgitpuller_link(args.hub, args.repo, args.branch, args.open_path, args.app))
    except ValueError as err:
        parser.error(str(err))
    return 0


if __name__ == "__main__":
    sys.exit(main())
