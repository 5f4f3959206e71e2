"""The sign-up form's own part (allauth's `ACCOUNT_SIGNUP_FORM_CLASS`): a display name and the
resident's area, chosen from the finest areas of the current area set (buurten in the CBS 2017 set,
wijken where the wijk is the finest level). Signing up gives the resident role in that area, so a new
resident can ask for help, vote and take part straight away."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sociale_basis.areas.selectors import area_finest_list, area_set_current

from . import services
from .models import Role


def area_choices() -> list[tuple[str, str]]:
    area_set = area_set_current()
    if area_set is None:
        return []
    return list(area_finest_list(area_set=area_set).values_list("code", "name"))


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name (as others see it)"),
        help_text=_("A first name is enough."),
        max_length=100,
        required=False,
    )
    area = forms.ChoiceField(
        label=_("Your neighbourhood"),
        help_text=_("Where you live: requests and news near you are shown first."),
        choices=(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", str(_("Choose your neighbourhood"))), *area_choices()]

    def signup(self, request: Any, user: Any) -> None:
        """Called by allauth once the account exists: the name and the resident role in the area."""
        area_set = area_set_current()
        area = (
            area_finest_list(area_set=area_set).filter(code=self.cleaned_data["area"]).first()
            if area_set
            else None
        )
        name = self.cleaned_data.get("display_name", "").strip()
        if name:
            user.display_name = name
            user.save(update_fields=["display_name"])
        services.role_grant(user=user, role=Role.RESIDENT, area=area)
