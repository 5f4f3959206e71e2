"""The social-map forms refuse oversized, malformed and malicious input with a message; nothing saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sociale_basis.network.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "<script>alert(1)</script>"}, "name"),
        ({"description": "Welkom <a href=javascript:alert(1)>hier</a>"}, "description"),
        ({"name": "x" * 201}, "name"),
        ({"email": "niet-een-adres"}, "email"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"latitude": "NaN"}, "latitude"),
        ({"phone": "050\x00123"}, "phone"),
    ],
)
def test_the_organisation_form_refuses_bad_input_and_saves_nothing(
    client, users, beijum, change, field
):
    client.force_login(users["organisatie"])
    data = {"name": "Buurtmoestuin", "kind": "informal", **beijum, **change}
    response = client.post("/sociale-kaart/organisatie/nieuw/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_an_import_that_is_not_a_csv_is_refused_and_nothing_is_saved(client, users):
    client.force_login(users["beheer"])
    upload = SimpleUploadedFile("orgs.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary", "text/csv")
    response = client.post("/sociale-kaart/importeren/", {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not Organisation.objects.exists()
