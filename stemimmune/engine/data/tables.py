"""The one check every drawing function makes on the table it is given."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def require_columns(table: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    """Raise ValueError, in plain words, if ``table`` lacks a column or has no rows.

    ``what`` names the table in the message, e.g. ``"lineage"`` → "the lineage table …".
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"the {what} table lacks the column(s) {missing}; "
                         f"it needs {list(columns)}")
    if table.empty:
        raise ValueError(f"the {what} table has no rows")
