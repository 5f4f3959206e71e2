import datetime

from django import forms
from django.utils import translation

from sociale_basis.core.widgets import DateInput, DateTimeInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())
    moment = forms.DateTimeField(widget=DateTimeInput())


def test_dates_render_as_iso_in_dutch_and_an_unchanged_form_keeps_them():
    initial = {
        "day": datetime.date(2026, 12, 31),
        "moment": datetime.datetime(2026, 12, 31, 17, 30),
    }
    with translation.override("nl"):
        html = str(_Form(initial=initial))
        assert 'type="date"' in html and 'value="2026-12-31"' in html
        assert 'type="datetime-local"' in html and 'value="2026-12-31T17:30"' in html
        resubmitted = _Form(data={"day": "2026-12-31", "moment": "2026-12-31T17:30"})
        assert resubmitted.is_valid(), resubmitted.errors
        assert resubmitted.cleaned_data["day"] == initial["day"]
