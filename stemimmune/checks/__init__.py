"""Autograded checks for the exercises, with messages a learner can act on.

An exercise asks for a function. Its test cell calls a checker from this package, which
calls the learner's function, compares the result with what the lesson expects, and raises
:class:`CheckFailed` with a plain sentence when something is off. Jupyter shows that
sentence instead of a traceback; nbgrader sees an error and gives no points for the cell.
"""

from .common import CheckFailed, NotAnswered, passed

__all__ = ["CheckFailed", "NotAnswered", "passed"]
