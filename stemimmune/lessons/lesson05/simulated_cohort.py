"""A simulated (made-up) cohort of transplant patients, for exercise 05.

The rows are not patients. Each simulated patient has a donor type and a yes/no outcome,
acute graft-versus-host disease (GVHD), drawn at random with a fixed seed so that every run
gives the same table. The chances used for donor grafts are loosely modelled on published
rates (about 39% with a matched sibling donor and 59% with an unrelated donor, Jagasia et al.,
Blood 2012, for adults transplanted in 1999-2005, so not today's rates); with the patient's own
cells (autologous) the chance is zero, because GVHD needs a donor's immune cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Chance of acute GVHD given to each simulated patient, by donor type.
SIMULATED_RATES: dict[str, float] = {"autologous": 0.0, "matched sibling": 0.39,
                                     "unrelated": 0.59}
#: Number of simulated patients of each donor type.
GROUP_SIZES: dict[str, int] = {"autologous": 120, "matched sibling": 90, "unrelated": 70}
#: The columns of the simulated table, in order.
COLUMNS: tuple[str, ...] = ("patient", "donor_type", "acute_gvhd")


def simulate_transplant_cohort(sizes: dict[str, int] | None = None,
                               rates: dict[str, float] | None = None,
                               seed: int = 2071) -> pd.DataFrame:
    """Return one row per simulated patient: ``patient``, ``donor_type``, ``acute_gvhd``.

    ``patient`` is an identifier such as ``"S001"`` (S for simulated), ``donor_type`` one of
    the keys of ``sizes``, and ``acute_gvhd`` True or False, drawn with the chance
    ``rates[donor_type]``. The rows come in a random (seeded) order, not grouped by donor.

    Raises:
        ValueError: if ``sizes`` and ``rates`` name different donor types, a size is
            negative or a rate lies outside 0 to 1.
    """
    sizes = dict(GROUP_SIZES if sizes is None else sizes)
    rates = dict(SIMULATED_RATES if rates is None else rates)
    if set(sizes) != set(rates):
        raise ValueError(f"sizes and rates must name the same donor types, not "
                         f"{sorted(sizes)} and {sorted(rates)}")
    if any(n < 0 for n in sizes.values()):
        raise ValueError("group sizes cannot be negative")
    if any(not 0 <= p <= 1 for p in rates.values()):
        raise ValueError("rates are chances between 0 and 1")
    rng = np.random.default_rng(seed)
    donor = [name for name, n in sizes.items() for _ in range(n)]
    gvhd = [bool(rng.random() < rates[name]) for name in donor]
    order = rng.permutation(len(donor))
    table = pd.DataFrame({"donor_type": [donor[i] for i in order],
                          "acute_gvhd": [gvhd[i] for i in order]})
    table.insert(0, "patient", [f"S{i + 1:03d}" for i in range(len(table))])
    return table
