"""Budget-round forms follow the platform's plain-text policy (core/forms.py; issue 21, item 4):
every free-text field has a length limit, control and bidirectional characters are refused naming
the field, and nothing is saved."""

from __future__ import annotations

import inspect

import pytest
from django import forms
from django.urls import reverse

from sociale_basis.accounts.models import Role, User
from sociale_basis.accounts.services import role_grant
from sociale_basis.core.forms import PlainTextForm
from sociale_basis.participation.ballot import forms as ballot_forms
from sociale_basis.participation.budgets import forms as budget_forms
from sociale_basis.participation.budgets.models import BudgetProject, Phase

from .budget_factories import round_with_projects, user

pytestmark = pytest.mark.django_db
OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"


@pytest.mark.parametrize("module", [budget_forms, ballot_forms])
def test_every_budget_form_is_a_plain_text_form_with_limits(module):  # type: ignore[no-untyped-def]
    found = [
        cls
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.Form) and cls.__module__ == module.__name__
    ]
    assert found
    assert [c.__name__ for c in found if not issubclass(c, PlainTextForm)] == []
    # the limits are applied when a form is made: a text without its own limit gets 5,000
    assert budget_forms.ReviewForm().fields["reason"].max_length == 5000
    assert budget_forms.IdeaForm(sub_budgets=[]).fields["description"].max_length == 5000


def test_round_settings_refuse_bidi_and_control_characters_naming_the_field(client):
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    client.force_login(User.objects.get(email=OOST_TEAM))
    manage = reverse("participation:budget_manage", args=[r.pk])
    page = client.get(manage)
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    for title in ("Wijkbudget \u202egnitsid", "Wijkbudget\x07"):
        response = client.post(manage, {**data, "action": "settings", "title": title})
        assert response.status_code == 200
        assert "title" in response.context["form"].errors
    r.refresh_from_db()
    assert "\u202e" not in r.title and "\x07" not in r.title
    too_long = client.post(manage, {**data, "action": "settings", "description": "x" * 5001})
    assert "description" in too_long.context["form"].errors


def test_an_idea_with_invisible_direction_characters_is_refused_and_not_saved(client):
    r = round_with_projects(costs=(), phase=Phase.IDEAS)
    resident = user()
    role_grant(user=resident, role=Role.RESIDENT, area=None)
    client.force_login(resident)
    response = client.post(
        reverse("participation:budget_idea", args=[r.pk]),
        {"title": "Bankjes", "description": "Bij het \u2066water\u2069."},
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not BudgetProject.objects.filter(round=r, title="Bankjes").exists()
