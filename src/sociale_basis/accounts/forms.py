"""The sign-up form's own part (allauth's `ACCOUNT_SIGNUP_FORM_CLASS`): a display name and the
resident's place, found with the area search (name with small typos, code, or postcode) among the
places of the current area set (`areas.selectors.place_list`: buurten, or wijken and villages where
those are the finest). Signing up gives the resident role in that place, so a new resident can ask for
help, vote and take part straight away."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sociale_basis.areas.models import Area
from sociale_basis.areas.selectors import area_search, area_set_current, place_list

from . import services
from .models import Role

CLEAR_MATCHES = {"exact", "code", "words", "postcode"}


def find_place(query: str) -> Area:
    """The one place meant by `query`, or a `ValidationError` that names the candidates."""
    area_set = area_set_current()
    query = query.strip()
    if area_set is None or not query:
        raise ValidationError(gettext("Fill in your neighbourhood, village or postcode."))
    places = place_list(area_set=area_set)
    by_code = places.filter(code=query.upper()).first()
    if by_code is not None:
        return by_code
    results = area_search(area_set=area_set, query=query, limit=10)
    candidates: list[Area] = []
    for area, _how in results:
        inner = [area] if area.is_leaf else list(place_list(area_set=area_set, within=area)[:8])
        candidates += [a for a in inner if a.pk not in {c.pk for c in candidates}]
    if results and results[0][1] in CLEAR_MATCHES and results[0][0].is_leaf:
        return results[0][0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(
            gettext(
                "We do not know a neighbourhood or village of this name in the municipality. "
                "Try the name of your district or your postcode."
            )
        )
    raise ValidationError(
        gettext("Several places fit: %(names)s. Type the name of yours.")
        % {"names": ", ".join(a.name for a in candidates[:6])}
    )


class SignupForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name (as others see it)"),
        help_text=_("A first name is enough."),
        max_length=100,
        required=False,
    )
    area = forms.CharField(
        label=_("Your neighbourhood or village"),
        help_text=_(
            "Name or postcode, for example Glimmen or 9751. Requests and news near you are shown first."
        ),
        max_length=100,
    )

    def clean_area(self) -> str:
        return find_place(self.cleaned_data.get("area", "")).code

    def signup(self, request: Any, user: Any) -> None:
        """Called by allauth once the account exists: the name and the resident role in the place."""
        area_set = area_set_current()
        area = (
            place_list(area_set=area_set).filter(code=self.cleaned_data["area"]).first()
            if area_set
            else None
        )
        name = self.cleaned_data.get("display_name", "").strip()
        if name:
            user.display_name = name
            user.save(update_fields=["display_name"])
        services.role_grant(user=user, role=Role.RESIDENT, area=area)
