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


def test_malformed_paths_under_the_api_answer_json_404(client):
    """A path no endpoint matches (a float id, a code with odd characters) is a JSON 404, as documented."""
    for path in [
        "/api/v1/budget-rounds/9.6e-122/",
        "/api/v1/areas/%C2%84/geojson/",
        "/api/v1/social-map/venues/1.5/",
        "/api/v1/monitor/indicators/.exe/",
        "/api/v1/does-not-exist/",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert list(response.json()) == ["detail"]
