"""The shared table check used by every drawing function."""

from __future__ import annotations

import pandas as pd
import pytest

from stemimmune.engine.data import require_columns


def test_a_complete_table_passes():
    require_columns(pd.DataFrame({"a": [1], "b": [2]}), ("a", "b"), "test")


def test_missing_columns_and_empty_tables_are_named():
    with pytest.raises(ValueError, match=r"the test table lacks the column\(s\) \['b'\]; "
                                         r"it needs \['a', 'b'\]"):
        require_columns(pd.DataFrame({"a": [1]}), ("a", "b"), "test")
    with pytest.raises(ValueError, match="the test table has no rows"):
        require_columns(pd.DataFrame({"a": []}), ("a",), "test")
