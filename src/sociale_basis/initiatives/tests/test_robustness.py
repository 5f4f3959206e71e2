"""The initiative form refuses oversized, malformed and malicious input with a message; nothing saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sociale_basis.initiatives.models import Attachment, BudgetLine, Initiative

pytestmark = pytest.mark.django_db


def _data(themes, area, **change):
    return {
        "title": "Buurtsoep",
        "initiator_kind": "group",
        "initiator_name": "Buren van de Vinkenstraat",
        "idea": "Soep koken",
        "goal": "Elkaar leren kennen",
        "theme": themes[0].pk,
        "area": area.pk,
        "requested": "250,00",
        "line_description_1": "Pannen",
        "line_amount_1": "100",
        "line_description_2": "Groenten",
        "line_amount_2": "150",
        "save": "1",
        **change,
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "<script>alert(1)</script>"}, "title"),
        ({"idea": "Soep <iframe src=//evil>"}, "idea"),
        ({"initiator_name": "x" * 201}, "initiator_name"),
        ({"line_description_1": "<b>Pannen</b>"}, "line_description_1"),
        ({"requested": "1e400"}, "requested"),
        ({"requested": "-5"}, "requested"),
        ({"goal": "caf\ufffd"}, "goal"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_half_saved(
    client, resident, call, themes, oost_buurt, change, field
):
    client.force_login(resident)
    response = client.post(
        f"/initiatieven/oproep/{call.slug}/indienen/", _data(themes, oost_buurt, **change)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Initiative.objects.exists() and not BudgetLine.objects.exists()


def test_a_huge_or_disguised_attachment_is_refused_and_nothing_is_saved(
    client, resident, call, themes, oost_buurt, settings
):
    client.force_login(resident)
    fake = SimpleUploadedFile(
        "plan.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    response = client.post(
        f"/initiatieven/oproep/{call.slug}/indienen/",
        {**_data(themes, oost_buurt), "attachment": fake},
    )
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors
    assert not Attachment.objects.exists()
    assert not Initiative.objects.exists()  # the idea is not saved without its refused attachment
    big = SimpleUploadedFile("plan.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 + 1), "application/pdf")
    response = client.post(
        f"/initiatieven/oproep/{call.slug}/indienen/",
        {**_data(themes, oost_buurt), "attachment": big},
    )
    assert "attachment" in response.context["form"].errors
    assert not Attachment.objects.exists() and not Initiative.objects.exists()
