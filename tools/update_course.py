"""Bring your copy of the course up to date without losing your work.

Run it from the course folder (the folder you cloned with git), with JupyterLab's notebook
tabs closed:

    python3 tools/update_course.py                     # update, keep your work
    python3 tools/update_course.py --restore-deleted   # also bring back files you deleted

What it does, file by file, after fetching the course's latest version:

- a file you changed (a lesson you ran, an exercise you answered) that the course did not
  change: your version stays exactly as it is;
- a file you changed that the course changed too: your version is saved beside it as
  ``NAME-mine-YYYYMMDD-HHMMSS.ipynb`` (an existing file is never overwritten) and the file
  itself becomes the course's new version; the summary names both;
- a course file you deleted: it stays deleted and is listed, unless you pass
  ``--restore-deleted``, which brings back the course's current version;
- files you created yourself are left alone (if the course adds a file with the same name,
  yours is first renamed to ``NAME-mine-...`` in the same way).

It never commits, so your branch simply moves to the course's latest commit with your work
on top as uncommitted changes. This also works when the course's history was rewritten.
It uses only Python's standard library and the ``git`` command. For the usual problems (not
a git clone, no network, no upstream branch, detached HEAD, commits of your own) it says
what to do and changes nothing.

On a JupyterHub, nbgitpuller does the updating instead; see docs/jupyterhub.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

GIT_TIMEOUT = 300  # seconds; a fetch over a slow connection can take a while


class UpdateError(Exception):
    """A problem the learner can fix; the message says what happened and what to do."""


@dataclass
class Summary:
    """What one update did, for the report printed at the end."""

    old: str = ""
    new: str = ""
    course_changed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    saved_beside: list[tuple[str, str]] = field(default_factory=list)
    removed_by_course: list[tuple[str, str]] = field(default_factory=list)
    still_deleted: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    renamed_new_files: list[tuple[str, str]] = field(default_factory=list)
    own_files: int = 0


def git(args: list[str], repo: Path) -> str:
    """Run ``git ARGS`` in ``repo`` and return its standard output.

    Raises ``subprocess.CalledProcessError`` (with ``stderr``) when git fails and
    ``UpdateError`` when git is not installed or does not answer in time.
    """
    env = dict(os.environ, LANG="C", LC_ALL="C", GIT_TERMINAL_PROMPT="0")
    try:
        result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True,
                                text=True, timeout=GIT_TIMEOUT)
    except FileNotFoundError:
        raise UpdateError("The `git` command is not installed. Install git (on Debian or "
                          "Ubuntu: `sudo apt-get install git`) and run this again.") from None
    except subprocess.TimeoutExpired:
        raise UpdateError(f"`git {args[0]}` did not finish within {GIT_TIMEOUT} seconds. "
                          "Check your internet connection and run this again. Nothing "
                          "was changed.") from None
    if result.returncode != 0:
        raise subprocess.CalledProcessError(result.returncode, ["git", *args],
                                            result.stdout, result.stderr)
    return result.stdout


def git_succeeds(args: list[str], repo: Path) -> bool:
    """True if ``git ARGS`` exits with status 0 in ``repo``."""
    try:
        git(args, repo)
    except subprocess.CalledProcessError:
        return False
    return True


def last_line(error: subprocess.CalledProcessError) -> str:
    """The last non-empty line git wrote to standard error, for quoting in a message."""
    lines = [line.strip() for line in (error.stderr or "").splitlines() if line.strip()]
    return lines[-1] if lines else f"git exited with status {error.returncode}"


def find_course(start: Path) -> Path:
    """The top folder of the git clone that holds ``start``; an UpdateError if none."""
    try:
        top = git(["rev-parse", "--show-toplevel"], start).strip()
    except subprocess.CalledProcessError:
        raise UpdateError(
            f"{start} is not a git clone of the course, so there is nothing to update.\n"
            "Run this from the course folder you got with `git clone`. If you downloaded "
            "the course as a zip file, download the new zip file and unpack it in a new "
            "folder; copy over the notebooks you want to keep.") from None
    return Path(top)


def current_branch(repo: Path) -> str:
    """The name of the checked-out branch; an UpdateError on a detached HEAD."""
    try:
        return git(["symbolic-ref", "--quiet", "--short", "HEAD"], repo).strip()
    except subprocess.CalledProcessError:
        raise UpdateError(
            "Your copy is not on a branch (git calls this a 'detached HEAD'), so it is not "
            "clear which version to update to.\nGo back to the course's branch with "
            "`git switch main` (your uncommitted work comes along) and run this again.") from None


def upstream_of(repo: Path, branch: str) -> tuple[str, str]:
    """The remote name and the full name of the remote-tracking branch ``branch`` follows."""
    try:
        ref = git(["rev-parse", "--symbolic-full-name", f"{branch}@{{upstream}}"], repo).strip()
        remote = git(["config", f"branch.{branch}.remote"], repo).strip()
    except subprocess.CalledProcessError:
        raise UpdateError(
            f"Your branch '{branch}' does not follow a branch of the course's repository "
            "(it has no upstream), so there is nowhere to get updates from.\nIf you cloned "
            "the course, run `git branch --set-upstream-to=origin/main` and run this "
            "again.") from None
    return remote, ref


def check_nothing_unfinished(repo: Path) -> None:
    """An UpdateError if a merge, rebase or cherry-pick is half done in ``repo``."""
    for ref in ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD"):
        if git_succeeds(["rev-parse", "--quiet", "--verify", ref], repo):
            raise UpdateError(
                f"A git operation is half finished in this folder ({ref} exists). Finish "
                "or abort it first (`git status` says how), then run this again.")
    if git(["ls-files", "--unmerged"], repo).strip():
        raise UpdateError("Some files still have unresolved git conflicts (see `git status`). "
                          "Resolve them first, then run this again.")


def count_local_commits(repo: Path, upstream: str) -> int:
    """How many commits HEAD has that the remote-tracking branch (as last fetched) lacks."""
    return int(git(["rev-list", "--count", f"{upstream}..HEAD"], repo).strip())


def fetch(repo: Path, remote: str) -> None:
    """Fetch the course's latest version; an UpdateError saying what to do if that fails."""
    try:
        git(["fetch", "--quiet", remote], repo)
    except subprocess.CalledProcessError as error:
        url = ""
        try:
            url = git(["remote", "get-url", remote], repo).strip()
        except subprocess.CalledProcessError:
            pass
        raise UpdateError(
            f"Could not get the course's latest version from {url or remote}.\n"
            f"git said: {last_line(error)}\nCheck your internet connection (and that you "
            "can open that address), then run this again. Nothing was changed.") from None


def changes_between(repo: Path, old: str, new: str) -> dict[str, str]:
    """Files that differ between commits ``old`` and ``new``: path -> A, M or D."""
    if old == new:
        return {}
    out = git(["diff", "--name-status", "--no-renames", "-z", old, new], repo)
    parts = out.split("\0")
    return {parts[i + 1]: parts[i][0] for i in range(0, len(parts) - 1, 2)}


def learner_changes(repo: Path) -> tuple[list[str], list[str]]:
    """Tracked files the learner changed and tracked files the learner deleted."""
    out = git(["diff", "--name-status", "--no-renames", "-z", "HEAD"], repo)
    parts = out.split("\0")
    changes = {parts[i + 1]: parts[i][0] for i in range(0, len(parts) - 1, 2)}
    modified = sorted(path for path, kind in changes.items() if kind != "D")
    deleted = sorted(path for path, kind in changes.items() if kind == "D")
    return modified, deleted


def untracked_files(repo: Path) -> list[str]:
    """Files the learner created that git does not track (ignored files not included)."""
    out = git(["ls-files", "--others", "--exclude-standard", "-z"], repo)
    return sorted(path for path in out.split("\0") if path)


def mine_name(path: Path, stamp: str) -> Path:
    """``NAME-mine-STAMP.ext`` beside ``path``, with ``-2``, ``-3`` … added if it exists."""
    candidate = path.with_name(f"{path.stem}-mine-{stamp}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-mine-{stamp}-{number}{path.suffix}")
        number += 1
    return candidate


def save_beside(repo: Path, rel: str, stamp: str) -> str:
    """Copy the learner's file ``rel`` to a new ``-mine`` file; return the copy's path."""
    source = repo / rel
    target = mine_name(source, stamp)
    with source.open("rb") as original, target.open("xb") as copy:
        shutil.copyfileobj(original, copy)
    shutil.copystat(source, target)
    if target.read_bytes() != source.read_bytes():
        raise UpdateError(f"Could not save a copy of {rel}; nothing was changed in it.")
    return target.relative_to(repo).as_posix()


def move_beside(repo: Path, rel: str, stamp: str) -> str:
    """Rename the learner's own file ``rel`` to a new ``-mine`` name; return the new path."""
    source = repo / rel
    target = mine_name(source, stamp)
    source.rename(target)
    return target.relative_to(repo).as_posix()


def update(start: Path, restore_deleted: bool = False) -> Summary:
    """Update the course clone that holds ``start``, keeping the learner's work."""
    repo = find_course(start)
    branch = current_branch(repo)
    remote, upstream = upstream_of(repo, branch)
    check_nothing_unfinished(repo)
    own_commits = count_local_commits(repo, upstream)
    if own_commits:
        raise UpdateError(
            f"Your branch '{branch}' has {own_commits} commit(s) of your own, and this "
            "command only updates copies whose work is not committed.\nAs a git user, run "
            "`git pull` and resolve any conflicts yourself; or ask your teacher. Nothing "
            "was changed.")
    fetch(repo, remote)

    summary = Summary(old=git(["rev-parse", "HEAD"], repo).strip(),
                      new=git(["rev-parse", upstream], repo).strip())
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    course = changes_between(repo, summary.old, summary.new)
    summary.course_changed = sorted(course)
    git(["reset", "--quiet"], repo)  # unstage only; the files themselves stay as they are
    modified, deleted = learner_changes(repo)
    own = untracked_files(repo)
    summary.own_files = len(own)

    for rel in modified:
        if rel not in course:
            summary.kept.append(rel)
            continue
        mine = save_beside(repo, rel, stamp)
        git(["checkout", "HEAD", "--", rel], repo)
        if course[rel] == "D":
            summary.removed_by_course.append((rel, mine))
        else:
            summary.saved_beside.append((rel, mine))

    delete_again = []
    for rel in deleted:
        if restore_deleted or rel in course:
            git(["checkout", "HEAD", "--", rel], repo)
        if restore_deleted:
            if course.get(rel) != "D":
                summary.restored.append(rel)
        elif course.get(rel) != "D":
            summary.still_deleted.append(rel)
            if rel in course:
                delete_again.append(rel)

    for rel in own:
        if course.get(rel) == "A":
            summary.renamed_new_files.append((rel, move_beside(repo, rel, stamp)))

    if summary.old != summary.new:
        try:
            git(["reset", "--quiet", "--keep", summary.new], repo)
        except subprocess.CalledProcessError as error:
            raise UpdateError(
                f"git could not move to the new version: {last_line(error)}\nYour own "
                "versions of the files the course changed are saved as the -mine files "
                "listed above; run this again once the problem is fixed.") from None
    for rel in delete_again:
        (repo / rel).unlink(missing_ok=True)
    return summary


def summary_lines(summary: Summary) -> list[str]:
    """The plain-language report of what an update did."""
    if summary.old == summary.new:
        lines = ["Your copy already has the course's latest version."]
    else:
        lines = [f"Course updated from {summary.old[:7]} to {summary.new[:7]}: "
                 f"{len(summary.course_changed)} file(s) changed in the course."]
    if summary.saved_beside:
        lines.append("You and the course both changed these files. The file now holds the "
                     "course's new version; your version is saved beside it:")
        lines += [f"  {rel}  ->  your version: {mine}" for rel, mine in summary.saved_beside]
    if summary.removed_by_course:
        lines.append("The course removed these files, which you had changed; your version "
                     "is saved:")
        lines += [f"  {rel}  ->  your version: {mine}" for rel, mine in summary.removed_by_course]
    if summary.kept:
        lines.append("Your changes kept as they are (the course did not change these files):")
        lines += [f"  {rel}" for rel in summary.kept]
    if summary.renamed_new_files:
        lines.append("The course added files with the same names as files of yours; yours "
                     "were renamed:")
        lines += [f"  {rel}  ->  {mine}" for rel, mine in summary.renamed_new_files]
    if summary.restored:
        lines.append("Deleted files brought back (the course's current version):")
        lines += [f"  {rel}" for rel in summary.restored]
    if summary.still_deleted:
        lines.append("Course files you deleted, still deleted (run "
                     "`python3 tools/update_course.py --restore-deleted` to get them back):")
        lines += [f"  {rel}" for rel in summary.still_deleted]
    if summary.own_files:
        lines.append(f"Files you created yourself: {summary.own_files}, left alone.")
    if not (summary.saved_beside or summary.removed_by_course or summary.kept
            or summary.restored or summary.still_deleted):
        lines.append("You had no changes to course files.")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Command line: update the clone holding the current folder and print a summary."""
    parser = argparse.ArgumentParser(description="Update your copy of the course and keep "
                                                 "your work (see the module docstring).")
    parser.add_argument("--restore-deleted", action="store_true",
                        help="bring back the course's files you deleted")
    args = parser.parse_args(argv)
    try:
        summary = update(Path.cwd(), restore_deleted=args.restore_deleted)
    except UpdateError as error:
        print(f"Cannot update the course.\n{error}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as error:
        print(f"Cannot update the course: `{' '.join(error.cmd)}` failed: "
              f"{last_line(error)}\nRun `git status` to see the state of your copy, or ask "
              "your teacher.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Cannot update the course: {error}", file=sys.stderr)
        return 1
    print("\n".join(summary_lines(summary)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
