"""The read-only API: programmes, indicators (with the source's state) and values ("-" is not zero)."""


def test_programmes(client, seeded):
    data = client.get("/api/v1/accountability/programmes/4/").json()
    assert data["name"] == "Welzijn, gezondheid en zorg" and data["start_year"] == 2015
    assert [f["code"] for f in data["policy_fields"]] == ["4.1.1", "4.1.2"]


def test_indicators_flag_an_unregistered_source(client, seeded, monkeypatch):
    from sociale_basis.core import registry

    # The initiatives module offers this source (initiatives/figures.py); take it away for this test.
    monkeypatch.delitem(registry._INDICATORS, "initiatives.supported_atelier_initiatives")
    data = client.get("/api/v1/accountability/indicators/?policy_field=4.1.1").json()
    (indicator,) = data["results"]
    assert indicator["source_kind"] == "module" and indicator["source_ok"] is False
    assert "initiatives.supported_atelier_initiatives" in indicator["source_problem"]


def test_values_keep_not_measured_apart_from_zero(client, seeded):
    data = client.get("/api/v1/accountability/values/?policy_field=4.1.1&year=2015").json()
    (value,) = data["results"]
    assert value["status"] == "not_measured" and value["number"] is None and value["display"] == "-"
    assert "updated_by" not in value
    computed = client.get("/api/v1/accountability/values/?year=2017&kind=achieved").json()[
        "results"
    ]
    assert any(v["origin"] == "computed" and v["number"] == "202620.00" for v in computed)


def test_read_only_and_bad_filters(client, seeded):
    assert client.post("/api/v1/accountability/values/", {}).status_code in (401, 403, 405)
    response = client.get("/api/v1/accountability/values/?year=abc")
    assert response.status_code == 400 and "year" in response.json()


def test_the_atelier_indicator_source_is_registered_by_the_initiatives_module(client, seeded):
    data = client.get("/api/v1/accountability/indicators/?policy_field=4.1.1").json()
    (indicator,) = data["results"]
    assert indicator["source_ok"] is True
