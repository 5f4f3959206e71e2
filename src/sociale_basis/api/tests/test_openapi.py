"""The committed OpenAPI file must match what the code generates (regenerate: see docs/api.md)."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command

SCHEMA = Path(__file__).resolve().parents[4] / "docs" / "openapi.yaml"


def test_committed_openapi_file_matches_the_code():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--lang", "en", stdout=out)
    assert SCHEMA.exists(), (
        "docs/openapi.yaml is missing: sociale-basis spectacular --lang en --file docs/openapi.yaml"
    )
    assert out.getvalue() == SCHEMA.read_text(encoding="utf-8"), (
        "The API changed: regenerate with `sociale-basis spectacular --lang en --file docs/openapi.yaml` and commit it."
    )


def test_docs_page_is_served(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
