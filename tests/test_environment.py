"""environment.yml (conda, Binder, JupyterHub) and requirements.txt (pip) list the same
packages with the same version bounds."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet


def pip_requirements() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    reqs = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {r.name.lower(): str(r.specifier) for r in reqs}


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        name, spec = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", dep).groups()
        if name in ("python", "pip"):
            continue
        found[name.lower()] = str(Requirement(f"x{spec}").specifier)
    return found


def test_same_packages_and_bounds():
    assert pip_requirements() == conda_requirements()


def test_python_version_matches_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python>=3.11,<3.14" in env["dependencies"]
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


def test_every_requirement_is_bounded_above():
    for name, spec in pip_requirements().items():
        assert "<" in spec, f"{name} needs an upper bound so a new major release cannot break it"


def constraints() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    for pin in pins:
        (spec,) = pin.specifier
        assert spec.operator == "==", f"constraints.txt must pin exact versions: {pin}"
    names = [pin.name.lower().replace("_", "-") for pin in pins]
    assert len(names) == len(set(names)), "a package is pinned twice in constraints.txt"
    return {pin.name.lower().replace("_", "-"): next(iter(pin.specifier)).version for pin in pins}


def test_constraints_pin_every_requirement_inside_its_range():
    pinned = constraints()
    for name, spec in pip_requirements().items():
        key = name.replace("_", "-")
        assert key in pinned, f"{name} is in requirements.txt but not pinned in constraints.txt"
        assert pinned[key] in SpecifierSet(spec), (
            f"constraints.txt pins {name}=={pinned[key]}, outside requirements.txt's {spec}")


def test_ci_installs_the_pinned_versions():
    test_command = next(c for c in re.findall(r"```bash\n(.+?)\n```",
                                              (ROOT / "README.md").read_text())
                        if c.endswith("python -m pytest"))
    assert "-c constraints.txt" in test_command
