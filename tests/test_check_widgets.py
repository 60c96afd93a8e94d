"""stemimmune.engine.check_widgets: the browser's widget extension fits the kernel's ipywidgets."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from stemimmune.engine.check_widgets import (
    EXTENSION,
    check,
    find_extension,
    ipywidgets_version,
    judge,
    labextension_dirs,
)


def fake_labextensions(root: Path, version: str) -> Path:
    """A labextensions folder holding only a jupyterlab-manager package.json."""
    package = root / EXTENSION / "package.json"
    package.parent.mkdir(parents=True)
    package.write_text(json.dumps({"name": EXTENSION, "version": version}))
    return root


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stemimmune.engine.check_widgets", *args],
                          capture_output=True, text=True)


def test_this_environment_matches():
    finding = check()
    assert finding.ok, finding.message
    assert metadata.version("ipywidgets") in finding.message
    assert any((d / EXTENSION / "package.json").exists() for d in labextension_dirs())


def test_matching_fake_extension_is_ok(tmp_path):
    finding = judge("8.1.5", find_extension([fake_labextensions(tmp_path, "5.0.13")]),
                    "python", [tmp_path])
    assert finding.ok
    assert "ipywidgets 8.1.5" in finding.message and "5.0.13" in finding.message


def test_mismatch_says_what_is_wrong_and_what_to_do(tmp_path):
    finding = judge("8.1.5", find_extension([fake_labextensions(tmp_path, "3.1.0")]),
                    "python", [tmp_path])
    assert not finding.ok
    assert "will not display" in finding.message and "needs" in finding.message
    assert "5.x" in finding.message and "pip install" in finding.message
    assert str(tmp_path) in finding.message


def test_old_ipywidgets_with_new_extension_is_a_mismatch(tmp_path):
    finding = judge("7.8.1", find_extension([fake_labextensions(tmp_path, "5.0.13")]),
                    "python", [tmp_path])
    assert not finding.ok and "3.x" in finding.message


def test_missing_extension_names_the_folders_searched(tmp_path):
    finding = judge("8.1.5", find_extension([tmp_path]), "python", [tmp_path])
    assert not finding.ok
    assert "no @jupyter-widgets/jupyterlab-manager" in finding.message
    assert str(tmp_path) in finding.message


def test_missing_ipywidgets_is_reported():
    finding = judge(None, None, "/opt/kernel/bin/python", [])
    assert not finding.ok and "/opt/kernel/bin/python" in finding.message


def test_unknown_major_version_is_not_judged(tmp_path):
    finding = judge("9.0.0", find_extension([fake_labextensions(tmp_path, "6.0.0")]),
                    "python", [tmp_path])
    assert not finding.ok and "Cannot judge" in finding.message


def test_first_folder_on_the_path_wins(tmp_path):
    first = fake_labextensions(tmp_path / "first", "3.1.0")
    second = fake_labextensions(tmp_path / "second", "5.0.13")
    version, package = find_extension([tmp_path / "empty", first, second])
    assert version == "3.1.0" and package.is_relative_to(first)


def test_damaged_package_json_is_skipped(tmp_path):
    broken = tmp_path / "broken" / EXTENSION / "package.json"
    broken.parent.mkdir(parents=True)
    broken.write_text("{not json")
    good = fake_labextensions(tmp_path / "good", "5.0.1")
    assert find_extension([tmp_path / "broken", good])[0] == "5.0.1"


def test_version_from_another_interpreter():
    assert ipywidgets_version(sys.executable) == metadata.version("ipywidgets")
    assert ipywidgets_version(str(Path(sys.executable).parent / "no-such-python")) is None


def test_command_exit_status_and_message(tmp_path):
    ok = run_command()
    assert ok.returncode == 0 and ok.stdout.startswith("Widgets OK")
    mismatch = run_command("--labextensions-dir", str(fake_labextensions(tmp_path, "3.1.0")))
    assert mismatch.returncode == 1 and "will not display" in mismatch.stdout
    missing = run_command("--labextensions-dir", str(tmp_path / "nothing-here"))
    assert missing.returncode == 1 and "no @jupyter-widgets" in missing.stdout
