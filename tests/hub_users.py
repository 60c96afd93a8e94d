"""Real Unix users for the JupyterHub smoke test (tests/test_jupyterhub_smoke.py).

Learners made with ``useradd``, the instructors' group, the class share folder, running a
command as a learner, and letting the learners reach the course's Python when it lives in a
folder only root can enter (a pyenv Python under /root, say). Everything here needs root.
"""

from __future__ import annotations

import errno
import grp
import os
import pwd
import shutil
import stat
import struct
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

# The share folder as the hub guide sets it up: owned by root and the instructors' group;
# setgid, so shared files take that group; sticky, so a learner cannot delete another's file;
# others (the learners) may write into it but neither list it nor read from it.
SHARE_MODE = 0o3773
HOME_MODE = 0o700  # a learner's home: only that learner (and root) get in
NO_LOGIN = "/usr/sbin/nologin"


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def create_user(name: str, home: Path) -> None:
    """Make the Unix user ``name`` (with a group of the same name, no login shell) whose home
    is ``home``, owned by the user, mode 0700. A user left over by an interrupted run is kept
    and given this home."""
    if user_exists(name):
        subprocess.run(["usermod", "--home", str(home), name], check=True)
    else:
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home",
                        "--home-dir", str(home), "--shell", NO_LOGIN, name], check=True)
    account = pwd.getpwnam(name)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    home.chmod(HOME_MODE)


def delete_user(name: str) -> None:
    """Remove the user and the group of the same name (their home is the caller's to delete)."""
    if user_exists(name):
        subprocess.run(["userdel", name], check=True)


def create_group(name: str) -> None:
    if not group_exists(name):
        subprocess.run(["groupadd", "--system", name], check=True)


def delete_group(name: str) -> None:
    if group_exists(name):
        subprocess.run(["groupdel", name], check=True)


def make_share_folder(folder: Path, group: str) -> Path:
    """The class share folder: root:``group``, mode 3773 (see SHARE_MODE)."""
    folder.mkdir(parents=True)
    os.chown(folder, 0, grp.getgrnam(group).gr_gid)
    folder.chmod(SHARE_MODE)  # after chown, which clears setgid
    return folder


def run_as(user: str, *command: str, env: dict[str, str] | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess:
    """Run ``command`` as ``user`` in /, with a plain PATH and LANG plus ``env`` (runuser adds
    HOME, USER and SHELL; the command runs directly, so no login shell is needed). Output is
    captured as text; the caller checks the result."""
    runuser = shutil.which("runuser") or "runuser"  # looked up in root's PATH, with /usr/sbin
    return subprocess.run([runuser, "-u", user, "--", *command], capture_output=True,
                          text=True, timeout=timeout, cwd="/",
                          env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                               **(env or {})})


def closed_directories(paths: Iterable[Path]) -> list[Path]:
    """The folders on the way to ``paths`` that other users may not pass through (no o+x)."""
    closed: list[Path] = []
    for path in paths:
        path = Path(os.path.realpath(path))
        for folder in [*reversed(path.parents), *([path] if path.is_dir() else [])]:
            if not folder.stat().st_mode & stat.S_IXOTH and folder not in closed:
                closed.append(folder)
    return closed


# POSIX access ACLs as Linux stores them in the extended attribute system.posix_acl_access:
# a version number, then (tag, permissions, id) entries sorted by tag and id.
ACL_ACCESS = "system.posix_acl_access"
ACL_VERSION = 2
ACL_USER_OBJ, ACL_USER, ACL_GROUP_OBJ, ACL_MASK, ACL_OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
ACL_NO_ID = 0xFFFFFFFF
SEARCH = 0o1


def grant_search(folder: Path, uids: Iterable[int]) -> Callable[[], None]:
    """Let the users ``uids``, and nobody else, pass through ``folder`` (not list it): add the
    ACL entries ``user:<uid>:--x``, as ``setfacl -m u:<uid>:x`` would (setfacl may not be
    installed). Return the function that puts the folder's mode and ACL back.
    Raises OSError (EOPNOTSUPP) where the file system has no ACLs."""
    mode = stat.S_IMODE(folder.stat().st_mode)
    try:
        before: bytes | None = os.getxattr(folder, ACL_ACCESS)
    except OSError as err:
        if err.errno != errno.ENODATA:
            raise
        before = None
    if before is None:  # the ACL the mode bits stand for
        entries = {(ACL_USER_OBJ, ACL_NO_ID): mode >> 6 & 7,
                   (ACL_GROUP_OBJ, ACL_NO_ID): mode >> 3 & 7,
                   (ACL_OTHER, ACL_NO_ID): mode & 7}
    else:
        entries = {(tag, uid): perm for tag, perm, uid in struct.iter_unpack("<HHI", before[4:])}
    for uid in uids:
        entries[(ACL_USER, uid)] = entries.get((ACL_USER, uid), 0) | SEARCH
    # named entries need a mask; the group's own permissions stay as they were
    mask = entries.get((ACL_MASK, ACL_NO_ID), entries[(ACL_GROUP_OBJ, ACL_NO_ID)])
    entries[(ACL_MASK, ACL_NO_ID)] = mask | SEARCH
    os.setxattr(folder, ACL_ACCESS, struct.pack("<I", ACL_VERSION) + b"".join(
        struct.pack("<HHI", tag, perm, uid) for (tag, uid), perm in sorted(entries.items())))

    def restore() -> None:
        if before is None:
            os.removexattr(folder, ACL_ACCESS)
        else:
            os.setxattr(folder, ACL_ACCESS, before)
        folder.chmod(mode)

    return restore


def missing_tools() -> list[str]:
    """The commands this module runs that are not installed."""
    return [tool for tool in ("useradd", "usermod", "userdel", "groupadd", "groupdel", "runuser")
            if shutil.which(tool) is None]
