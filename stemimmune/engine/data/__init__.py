"""Checks on the course's data tables before a figure or an exercise uses them.

:func:`require_columns` stops with a plain message naming the missing columns when a CSV
file does not have what the code needs, instead of a ``KeyError`` deep inside pandas.
"""

from .tables import require_columns

__all__ = ["require_columns"]
