"""The install files agree with each other, set by set.

- requirements.txt is the learner set; environment.yml (conda, Binder) lists the same packages
  with the same bounds.
- requirements-instructor.txt includes the learner set and adds nbgrader;
  requirements-test.txt includes the instructor set and adds what the test command needs.
- No instructor or developer package is in the learner set.
- Every requirement of every file has an upper bound and is pinned in constraints.txt inside
  its range.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

#: Install file -> the file it must include with ``-r`` (None: it includes nothing).
SETS = {"requirements.txt": None,
        "requirements-instructor.txt": "requirements.txt",
        "requirements-test.txt": "requirements-instructor.txt"}
#: Packages that belong to instructors or developers and never to the learner set.
NOT_FOR_LEARNERS = {"nbgrader", "jupyterhub", "nbgitpuller", "playwright", "pytest", "nbval",
                    "ruff", "frictionless", "pybtex", "pyyaml", "coverage"}


def key(name: str) -> str:
    """A package name as pip compares them (PEP 503: case and -_. do not matter)."""
    return re.sub(r"[-_.]+", "-", name).lower()


#: The course's own settings package, a folder of this repository (a local requirement).
SETTINGS_PACKAGE = "./jupyter-settings"


def read_file(name: str) -> tuple[list[str], dict[str, str]]:
    """The ``-r`` includes and the requirements (name -> specifier) written in one file.
    The course's settings package (a folder, not a version range) is left out."""
    includes, reqs = [], {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#") or line == SETTINGS_PACKAGE:
            continue
        if line.startswith("-r "):
            includes.append(line[3:].strip())
            continue
        assert not line.startswith("-"), f"{name}: only -r and plain requirements, not {line!r}"
        req = Requirement(line)
        assert key(req.name) not in {key(n) for n in reqs}, f"{name} lists {req.name} twice"
        reqs[req.name] = str(req.specifier)
    return includes, reqs


def resolved(name: str) -> dict[str, str]:
    """Every requirement a file brings, its own and those of the files it includes."""
    includes, reqs = read_file(name)
    found: dict[str, str] = {}
    for included in includes:
        found.update(resolved(included))
    for req, spec in reqs.items():
        assert key(req) not in {key(n) for n in found}, (
            f"{name} repeats {req}, already in a file it includes")
        found[req] = spec
    return found


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for dep in env["dependencies"]:
        if not isinstance(dep, str):
            continue
        name, spec = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", dep).groups()
        if name in ("python", "pip"):
            continue
        found[name] = str(Requirement(f"x{spec}").specifier)
    return found


def test_each_set_includes_the_one_below():
    for name, below in SETS.items():
        includes, _ = read_file(name)
        assert includes == ([below] if below else []), (
            f"{name} must include exactly {below or 'nothing'} with -r, not {includes}")


def test_binder_and_conda_get_exactly_the_learner_set():
    learner = {key(n): s for n, s in read_file("requirements.txt")[1].items()}
    conda = {key(n): s for n, s in conda_requirements().items()}
    assert conda == learner


def test_no_instructor_or_developer_package_is_in_the_learner_set():
    learner = {key(n) for n in resolved("requirements.txt")}
    assert not learner & NOT_FOR_LEARNERS, sorted(learner & NOT_FOR_LEARNERS)
    assert "nbgrader" in {key(n) for n in read_file("requirements-instructor.txt")[1]}


def test_the_learner_set_has_what_the_lessons_need():
    learner = {key(n) for n in resolved("requirements.txt")}
    # Lessons and stemimmune import these; the kernel and the widgets' browser half need
    # ipykernel and jupyterlab_widgets; learners open the lessons in JupyterLab or Notebook 7.
    needed = {"jupyterlab", "notebook", "ipykernel", "ipywidgets", "jupyterlab-widgets",
              "matplotlib", "numpy", "pandas", "jsonschema"}
    assert needed <= learner, sorted(needed - learner)


def test_python_version_matches_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "python>=3.11,<3.14" in env["dependencies"]
    assert 'requires-python = ">=3.11"' in (ROOT / "pyproject.toml").read_text()


@pytest.mark.parametrize("name", list(SETS))
def test_every_requirement_is_bounded_above(name):
    for req, spec in read_file(name)[1].items():
        assert "<" in spec, f"{name}: {req} needs an upper bound so a new major release " \
                            "cannot break it"


def constraints() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    for pin in pins:
        (spec,) = pin.specifier
        assert spec.operator == "==", f"constraints.txt must pin exact versions: {pin}"
    names = [key(pin.name) for pin in pins]
    assert len(names) == len(set(names)), "a package is pinned twice in constraints.txt"
    return {key(pin.name): next(iter(pin.specifier)).version for pin in pins}


@pytest.mark.parametrize("name", list(SETS))
def test_constraints_pin_every_requirement_inside_its_range(name):
    pinned = constraints()
    for req, spec in resolved(name).items():
        assert key(req) in pinned, f"{req} is in {name} but not pinned in constraints.txt"
        assert pinned[key(req)] in SpecifierSet(spec), (
            f"constraints.txt pins {req}=={pinned[key(req)]}, outside {name}'s {spec}")


def test_ci_installs_the_developer_set_at_the_pinned_versions():
    test_command = next(c for c in re.findall(r"```bash\n(.+?)\n```",
                                              (ROOT / "README.md").read_text())
                        if c.endswith("python -m pytest"))
    assert "pip install -r requirements-test.txt -c constraints.txt -e ." in test_command


def test_the_hub_guide_installs_the_learner_set_for_learners():
    guide = (ROOT / "docs" / "jupyterhub.md").read_text()
    assert "pip install -r requirements.txt" in guide
    assert "pip install -r requirements-instructor.txt" in guide
    # nbgitpuller goes into the learners' servers on a hub: same range as the test set.
    spec = SpecifierSet(resolved("requirements-test.txt")["nbgitpuller"])
    written = re.findall(r'"nbgitpuller([<>=!~,.0-9]+)"', guide)
    assert written and all(SpecifierSet(w) == spec for w in written), (
        f"docs/jupyterhub.md must install nbgitpuller{spec}, not {written}")


def test_postbuild_adds_only_the_course_package():
    commands = [line for line in (ROOT / "postBuild").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    installs = [line for line in commands if "install" in line]
    assert installs == [f"pip install --no-deps . {SETTINGS_PACKAGE}"], installs


def test_every_learner_route_installs_the_course_settings():
    """The settings package (JupyterLab defaults the links need) is in the learner set, so in
    every set, and in each learner route that does not read requirements.txt."""
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert SETTINGS_PACKAGE in lines
    for other in ("requirements-instructor.txt", "requirements-test.txt"):
        assert SETTINGS_PACKAGE not in (ROOT / other).read_text()  # it comes with -r
    readme = (ROOT / "README.md").read_text()
    conda = next(line for line in readme.splitlines() if "conda env create" in line)
    assert f"pip install --no-deps -e . {SETTINGS_PACKAGE}" in conda
    release = (ROOT / "tools" / "make_student_release.py").read_text()
    assert '"jupyter-settings"' in release
    settings = json.loads((ROOT / "jupyter-settings" / "stemimmune.json").read_text())
    assert settings["@jupyterlab/notebook-extension:tracker"] == {"windowingMode": "none"}


def test_setuptools_lower_bound_supports_the_licence_expression():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'license = "MIT"' in text  # a PEP 639 licence expression needs setuptools >= 77
    assert 'requires = ["setuptools>=77"]' in text


def test_every_install_file_is_shipped_where_it_is_needed():
    # The student copy is for learners: it carries the learner set only.
    release = (ROOT / "tools" / "make_student_release.py").read_text()
    assert '"requirements.txt"' in release
    assert "requirements-instructor" not in release and "requirements-test" not in release
    assert all(Path(ROOT / name).exists() for name in SETS)
