"""Money is integer cents everywhere; these helpers turn it into text and back, never via floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def euros(cents: int | None) -> str:
    """`123456` -> `€ 1.234,56` (in the active language's number format)."""
    if cents is None:
        return ""
    value = Decimal(int(cents)) / 100
    return "€\u00a0" + number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def to_cents(value: Decimal | int | str) -> int:
    """Euros (a Decimal from a form) to whole cents, rounding half up."""
    return int((Decimal(str(value)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
