"""Amounts of money as people write them: one parser and one formatter for the whole project.

Money is stored as integer cents everywhere. People type amounts in many ways, and all of these mean the
same thousand euros: `1000`, `1.000`, `1.000,00`, `1000,00`, `EUR 1.000`, `€ 1.000,-`, `1 000`,
`1,000.00`. `parse_amount` reads them all and returns cents; when it cannot, it raises `AmountError`
with a code and a sentence that says why (`"1,000"` is refused as ambiguous: a thousand in English, one
euro in Dutch). `format_amount` writes cents back in the Dutch way; parsing what it wrote gives the same
cents (a property test checks this).

The rules, Dutch first:

* a currency sign or code (`€`, `EUR`, `euro`) may stand before or after the number; `,-` or `,--`
  after it means whole euros;
* with both `.` and `,` the last one is the decimal separator and the other groups thousands;
* with one kind only: a separator followed by exactly three digits groups thousands when it is a point
  (`1.000`) or occurs more than once (`1,000,000`); followed by one or two digits it is the decimal
  separator (`1000,5`, `12.50`); a single comma followed by three digits is ambiguous and refused;
* spaces may group thousands too; groups after the first have exactly three digits;
* at most two decimals (cents); no negative amounts unless asked for.

`AmountField` is the form field every module can use for an amount in euros: it cleans to cents.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _

# Ten billion euros: far above any budget of a municipality, far below what a 64-bit integer holds.
MAX_CENTS = 10**12

_CURRENCY = re.compile(r"^(?:€|eur(?:o|os)?)\s*|\s*(?:€|eur(?:o|os)?)$", re.IGNORECASE)
_WHOLE_EUROS = re.compile(r"[.,]-{1,2}$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SPACE_GROUPS = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,](?:\d{1,2}|-{1,2}))?")


class AmountError(ValueError):
    """An amount that cannot be read; `code` says which rule it broke, `str()` says it in words."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _groups_ok(groups: list[str]) -> bool:
    return (
        bool(groups)
        and 1 <= len(groups[0]) <= 3
        and all(len(g) == 3 for g in groups[1:])
        and all(g.isdigit() for g in groups)
    )


def _split(number: str) -> tuple[str, str]:
    """The whole euros and the decimals of a number without sign or currency, as digit strings."""
    has_point, has_comma = "." in number, "," in number
    if has_point and has_comma:
        decimal_sep = "." if number.rfind(".") > number.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _sep, decimals = number.rpartition(decimal_sep)
        if group_sep not in whole or decimal_sep in whole:
            raise AmountError(
                "grouping", _("The separators are mixed up; write for example 1.000,50.")
            )
        groups = whole.split(group_sep)
        if not _groups_ok(groups):
            raise AmountError(
                "grouping",
                _("Thousands are grouped by three digits; write for example 1.000,50."),
            )
        return "".join(groups), decimals
    if has_point or has_comma:
        sep = "." if has_point else ","
        parts = number.split(sep)
        if len(parts) > 2 or (len(parts[-1]) == 3 and sep == "."):
            if not _groups_ok(parts):
                raise AmountError(
                    "grouping",
                    _("Thousands are grouped by three digits; write for example 1.000,50."),
                )
            return "".join(parts), ""
        if len(parts[1]) == 3:
            raise AmountError(
                "ambiguous",
                _(
                    "It is not clear whether %(value)s means a thousand or one euro; "
                    "write 1.000 or 1,00."
                )
                % {"value": number},
            )
        return parts[0], parts[1]
    return number, ""


def parse_amount(text: str, *, allow_negative: bool = False, max_cents: int = MAX_CENTS) -> int:
    """An amount in euros as a person writes it -> whole cents. Raises `AmountError` saying why."""
    value = _SPACES.sub(" ", str(text)).strip()
    if not value:
        raise AmountError("empty", _("Enter an amount."))
    negative = False
    if value[0] in "-\u2212":
        negative, value = True, value[1:].strip()
    value = _CURRENCY.sub("", value).strip()
    if value and value[0] in "-\u2212":
        negative, value = True, value[1:].strip()
    value = _WHOLE_EUROS.sub("", value)
    if " " in value:
        if not _SPACE_GROUPS.fullmatch(value):
            raise AmountError(
                "grouping", _("Thousands are grouped by three digits; write for example 1 000,50.")
            )
        value = value.replace(" ", "")
    if not value or not re.fullmatch(r"[0-9.,]+", value) or not any(c.isdigit() for c in value):
        raise AmountError(
            "invalid",
            _("%(value)s is not an amount; write for example 1.000,50.") % {"value": text},
        )
    whole, decimals = _split(value)
    if not whole.isdigit() and whole != "":
        raise AmountError(
            "invalid",
            _("%(value)s is not an amount; write for example 1.000,50.") % {"value": text},
        )
    if decimals and not decimals.isdigit():
        raise AmountError(
            "invalid",
            _("%(value)s is not an amount; write for example 1.000,50.") % {"value": text},
        )
    if len(decimals) > 2:
        raise AmountError(
            "decimals",
            _("An amount has at most two decimals (cents): %(value)s.") % {"value": text},
        )
    cents = int(whole or "0") * 100 + int((decimals + "00")[:2])
    if negative and cents:
        if not allow_negative:
            raise AmountError("negative", _("An amount cannot be negative."))
        cents = -cents
    if abs(cents) > max_cents:
        raise AmountError(
            "too_large",
            _("The amount is too large: at most %(max)s.") % {"max": format_amount(max_cents)},
        )
    return cents


def format_amount(cents: int, *, symbol: bool = True, grouping: bool = True) -> str:
    """Whole cents -> `€ 1.234,56` (Dutch style; a no-break space after the sign)."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    digits = f"{whole:,}".replace(",", ".") if grouping else str(whole)
    number = f"{sign}{digits},{rest:02d}"
    return f"€\u00a0{number}" if symbol else number


class AmountInput(forms.TextInput):
    """A text box for euros: a numeric keyboard on phones, and any way of writing accepted."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class AmountField(forms.CharField):
    """An amount in euros typed as people write it; cleans to integer cents (or None when empty).

    `initial` values are cents and are shown as `1.234,56`. `min_cents`/`max_cents` bound the value;
    every refusal says why.
    """

    widget = AmountInput

    def __init__(
        self,
        *,
        min_cents: int | None = 0,
        max_cents: int = MAX_CENTS,
        allow_negative: bool = False,
        **kwargs: Any,
    ) -> None:
        self.min_cents = min_cents
        self.max_cents = max_cents
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_amount(value, symbol=False)
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        try:
            cents = parse_amount(text, allow_negative=self.allow_negative, max_cents=self.max_cents)
        except AmountError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        if self.min_cents is not None and cents < self.min_cents:
            raise forms.ValidationError(
                _("The amount must be at least %(min)s.") % {"min": format_amount(self.min_cents)},
                code="min_value",
            )
        return cents

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value: Any) -> None:
        return None
