"""Kept for other modules that imported it: the project's one money parser is `core.money`."""

from __future__ import annotations

from sociale_basis.core.money import format_amount, parse_amount

__all__ = ["euros", "parse_amount"]


def euros(cents: int | None) -> str:
    """`123456` -> `€ 1.234,56`; empty for None."""
    return "" if cents is None else format_amount(cents)
