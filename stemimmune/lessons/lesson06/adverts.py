"""The fictional clinic adverts of lesson 06 and the red-flag categories they are labelled with.

Both tables live in ``data/``: ``red_flag_categories.csv`` (one row per kind of warning
sign, with its source) and ``fictional_clinic_adverts.csv`` (adverts written for this
course, each labelled with the red flags it shows and the words that show them)::

    from stemimmune.lessons.lesson06 import flag_counts, load_adverts, load_red_flags
    flags = load_red_flags("../data/red_flag_categories.csv")
    adverts = load_adverts("../data/fictional_clinic_adverts.csv", flags)
    flag_counts(adverts, flags)      # how many adverts show each red flag

Every advert is invented; no real clinic, company or person is meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from stemimmune.engine.data import require_columns

#: Separator between red-flag ids in the ``red_flags`` column.
FLAG_SEPARATOR = ";"
#: Separator between the quoted words in the ``evidence`` column (same order as the flags).
EVIDENCE_SEPARATOR = " | "


@dataclass(frozen=True)
class RedFlag:
    """One kind of warning sign in a clinic's advert."""

    id: str
    name: str
    looks_like: str
    why_it_matters: str
    citation: str


@dataclass(frozen=True)
class Advert:
    """One fictional advert and the red flags it was written to show."""

    id: str
    clinic: str
    text: str
    flags: tuple[str, ...]
    #: For each flag id, the words of the advert that show it.
    evidence: dict[str, str] = field(default_factory=dict)
    note: str = ""

    @property
    def honest(self) -> bool:
        """True for an advert written to show no red flag at all."""
        return not self.flags


def _read(path: str | Path) -> pd.DataFrame:
    # keep_default_na=False: an empty cell stays "" (an advert with no red flags), not NaN
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def load_red_flags(path: str | Path) -> list[RedFlag]:
    """The red-flag categories, in file order."""
    table = _read(path)
    require_columns(table, ("id", "name", "looks_like", "why_it_matters", "citation"),
                    "red-flag")
    return [RedFlag(r.id, r.name, r.looks_like, r.why_it_matters, r.citation)
            for r in table.itertuples(index=False)]


def parse_flags(cell: str) -> tuple[str, ...]:
    """``"a;b"`` → ``("a", "b")``; an empty cell → ``()``."""
    return tuple(part.strip() for part in cell.split(FLAG_SEPARATOR) if part.strip())


def load_adverts(path: str | Path, red_flags: Sequence[RedFlag] | None = None
                 ) -> list[Advert]:
    """The adverts, in file order.

    With ``red_flags``, raise ValueError if an advert names a flag id not among them, or
    if its evidence does not match its flags one to one.
    """
    table = _read(path)
    require_columns(table, ("id", "clinic", "text", "red_flags", "evidence", "note"), "advert")
    known = {f.id for f in red_flags} if red_flags is not None else None
    adverts = []
    for row in table.itertuples(index=False):
        flags = parse_flags(row.red_flags)
        quotes = [q.strip() for q in row.evidence.split(EVIDENCE_SEPARATOR) if q.strip()]
        if len(quotes) != len(flags):
            raise ValueError(f"advert {row.id}: {len(flags)} red flags but {len(quotes)} "
                             "pieces of evidence; give one per flag, in the same order")
        if known is not None and set(flags) - known:
            raise ValueError(f"advert {row.id}: unknown red flag(s) "
                             f"{sorted(set(flags) - known)}; use {sorted(known)}")
        adverts.append(Advert(row.id, row.clinic, row.text, flags, dict(zip(flags, quotes)),
                              row.note))
    return adverts


def flag_counts(adverts: Sequence[Advert], red_flags: Sequence[RedFlag]) -> pd.DataFrame:
    """One row per red flag: its ``id``, ``name`` and the number of ``adverts`` showing it."""
    return pd.DataFrame({
        "id": [f.id for f in red_flags],
        "name": [f.name for f in red_flags],
        "adverts": [sum(f.id in a.flags for a in adverts) for f in red_flags],
    })
