"""The grants register: bad input names the field, only policy officers register grants."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sociale_basis.accountability import selectors, services
from sociale_basis.accountability.models import Grant


@pytest.fixture
def humanitas(db):
    return services.organisation_get_or_create(name="Humanitas")


def grant(field, organisation, **kw):
    data = {
        "organisation": organisation, "policy_field": field, "year": 2019, "purpose": "Maatjesprojecten",
        "amount": "12.500,00", "decision": "Besluit 2019-1", "account": "6.4.1",
    }  # fmt: skip
    data.update(kw)
    return services.grant_create(**data)


def test_grants_and_totals_per_policy_field(field, humanitas, officer):
    grant(field, humanitas, user=officer)
    grant(field, services.organisation_get_or_create(name="Link 050"), amount="7500")
    grant(field, humanitas, year=2020, amount="100")
    totals = selectors.grant_totals(year=2019)
    assert totals == [
        {"year": 2019, "code": "9.1.1", "name": "Testveld", "total": 20000, "count": 2}
    ]


@pytest.mark.parametrize(
    "changes,bad_field",
    [
        ({"year": 2014}, "year"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "veel"}, "amount"),
        ({"purpose": " "}, "purpose"),
        ({"decision": ""}, "decision"),
        ({"account": ""}, "account"),
    ],
)
def test_bad_grant_names_the_field(field, humanitas, changes, bad_field):
    with pytest.raises(ValidationError) as exc:
        grant(field, humanitas, **changes)
    assert bad_field in exc.value.message_dict
    assert not Grant.objects.exists()


def test_only_policy_officers_register_grants(field, humanitas, user_of):
    for role in ["resident", "organisation_member", "area_team_member", "researcher"]:
        with pytest.raises(PermissionDenied):
            grant(field, humanitas, user=user_of(role))
    assert not Grant.objects.exists()
