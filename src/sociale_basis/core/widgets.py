"""The date and date-time widgets of every form in the project.

A browser's `<input type="date">` understands only ISO values (`2026-12-31`). Django renders a date in the
active language's format (`31-12-2026` in Dutch) unless the widget names a format, and the browser then
shows an empty field: saving the unchanged form would erase the date. These widgets always render ISO;
the browser shows the date in the reader's own language. Use them for every date and date-time field.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=ISO_DATETIME)
