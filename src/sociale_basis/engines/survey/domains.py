"""Domains: levels of a geographic hierarchy (neighbourhood -> district -> area -> city).

A :class:`DomainLevel` assigns every respondent to exactly one domain of that level (``codes`` in
``0..len(labels)-1``).  All domains of a level are estimated together with grouped sums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._grouping import IntArray, factorize


@dataclass(frozen=True)
class DomainLevel:
    """One level of domains.

    Attributes:
        name: level name, e.g. ``"neighbourhood"``.
        codes: domain index per respondent, ``0..len(labels)-1``.
        labels: label per domain index (e.g. the CBS *buurtcode*).
    """

    name: str
    codes: IntArray
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        codes = np.asarray(self.codes, dtype=np.int64).reshape(-1)
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "labels", tuple(str(x) for x in self.labels))
        if codes.size and (codes.min() < 0 or codes.max() >= len(self.labels)):
            raise ValueError(f"domain level {self.name!r}: codes outside 0..{len(self.labels) - 1}")

    @property
    def size(self) -> int:
        """Number of domains in the level."""
        return len(self.labels)

    @classmethod
    def from_values(cls, name: str, values: npt.ArrayLike) -> DomainLevel:
        """Build a level from arbitrary per-respondent labels (sorted unique values become the domains)."""
        codes, uniq = factorize(values)
        return cls(name=name, codes=codes, labels=tuple(str(u) for u in uniq))


def city_level(n: int, label: str = "city") -> DomainLevel:
    """The single domain holding every respondent."""
    return DomainLevel(name="city", codes=np.zeros(n, dtype=np.int64), labels=(label,))


def hierarchy_levels(
    neighbourhood: npt.ArrayLike,
    neighbourhood_to_district: npt.ArrayLike,
    district_to_area: npt.ArrayLike,
    *,
    neighbourhood_labels: Sequence[str] | None = None,
    district_labels: Sequence[str] | None = None,
    area_labels: Sequence[str] | None = None,
    city_label: str = "city",
) -> list[DomainLevel]:
    """Levels neighbourhood, district, area and city from a neighbourhood index per respondent.

    Args:
        neighbourhood: neighbourhood index per respondent (``0..NB-1``).
        neighbourhood_to_district: district index per neighbourhood, shape ``(NB,)``.
        district_to_area: area index per district, shape ``(ND,)``.
        neighbourhood_labels, district_labels, area_labels: optional labels (default: the indices).
        city_label: label of the city domain.
    """
    nb = np.asarray(neighbourhood, dtype=np.int64).reshape(-1)
    nb2d = np.asarray(neighbourhood_to_district, dtype=np.int64).reshape(-1)
    d2a = np.asarray(district_to_area, dtype=np.int64).reshape(-1)
    n_nb, n_d = nb2d.shape[0], d2a.shape[0]
    n_a = int(d2a.max()) + 1 if d2a.size else 0
    if nb2d.size and (nb2d.min() < 0 or nb2d.max() >= n_d):
        raise ValueError("neighbourhood_to_district refers to a district outside district_to_area")
    nbl = (
        tuple(neighbourhood_labels)
        if neighbourhood_labels is not None
        else tuple(map(str, range(n_nb)))
    )
    dl = tuple(district_labels) if district_labels is not None else tuple(map(str, range(n_d)))
    al = tuple(area_labels) if area_labels is not None else tuple(map(str, range(n_a)))
    district = nb2d[nb]
    return [
        DomainLevel("neighbourhood", nb, nbl),
        DomainLevel("district", district, dl),
        DomainLevel("area", d2a[district], al),
        city_level(nb.shape[0], city_label),
    ]
