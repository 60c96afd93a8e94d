"""Learners re-run cells: every notebook runs a second time through in a kernel where it
already ran once, with each code cell executed twice in a row, without errors.

(The run happens in the read-only copy of the course; see conftest.py. A failure names
the cell and whether it was the 1st or 2nd execution in a row of the second time through.)
"""

from __future__ import annotations

import pytest

from . import _support as s
from .conftest import AGAIN_1, AGAIN_2


@pytest.mark.parametrize("path", s.ALL_NOTEBOOKS, ids=s.nb_id)
def test_each_cell_twice_in_a_row_in_a_kernel_where_the_notebook_already_ran(runs, path):
    steps = runs.in_read_only_copy(path).steps
    again = [step for step in steps if f"[{AGAIN_1}]" in step.label
             or f"[{AGAIN_2}]" in step.label]
    assert len(again) == 2 * len(s.code_cells(path))
    problems = s.unexpected_errors(path, again)
    assert not problems, "errors when cells are run again:\n" + "\n".join(problems)
