"""The pages: a resident reports in plain steps, a partner refers with consent, the coordinator and the
mediators take the case from intake to closed; bad input names the field and saves nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sociale_basis.accounts.models import Role
from sociale_basis.mediation import selectors
from sociale_basis.mediation.models import Case, Source, State

from .conftest import make_user

REPORT = {
    "kind": "noise", "description": "Harde muziek tot laat", "where": "Achtertuin",
    "reporter_street": "Vinkenstraat", "reporter_address": "Vinkenstraat 1",
    "other_address": "Vinkenstraat 3", "other_street": "Vinkenstraat", "languages": ["nl"],
    "consent": "on",
}  # fmt: skip


def test_resident_reports_and_sees_the_status(client, team, resident, area) -> None:  # type: ignore[no-untyped-def]
    client.force_login(resident)
    page = client.get(reverse("mediation:report")).content.decode()
    assert "Step 1" in page or "Stap 1" in page
    response = client.post(reverse("mediation:report"), {**REPORT, "area": area.pk})
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.reporter == resident and case.source == Source.RESIDENT and case.consent
    status = client.get(response["Location"]).content.decode()
    assert "Harde muziek tot laat" in status


@pytest.mark.parametrize(
    ("field", "value"),
    [("consent", ""), ("other_address", ""), ("description", "<script>alert(1)</script>"),
     ("kind", "fireworks")],
)  # fmt: skip
def test_bad_input_names_the_field_and_saves_nothing(client, team, resident, field, value) -> None:  # type: ignore[no-untyped-def]
    client.force_login(resident)
    data = {**REPORT, field: value}
    if field == "consent":
        data.pop("consent")
    response = client.post(reverse("mediation:report"), data)
    assert response.status_code == 200
    assert f'href="#id_{field}"' in response.content.decode()
    assert not Case.objects.exists()


def test_referral_needs_the_role_and_consent(client, team, resident) -> None:  # type: ignore[no-untyped-def]
    client.force_login(resident)
    assert client.get(reverse("mediation:refer")).status_code == 403
    corporation = make_user("woningcorporatie@example.org", Role.ORGANISATION_MEMBER)
    client.force_login(corporation)
    data = {**REPORT, "source": "housing", "reporter_name": "Mevrouw de Vries"}
    data.pop("consent")
    assert client.post(reverse("mediation:refer"), data).status_code == 200
    assert not Case.objects.exists()
    assert client.post(reverse("mediation:refer"), {**data, "consent": "on"}).status_code == 302
    case = Case.objects.get()
    assert case.source == Source.HOUSING and case.referrer == corporation and case.reporter is None


def test_anonymous_can_read_the_intro_and_figures_but_must_log_in_to_report(client, team) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("mediation:index")).status_code == 200
    assert client.get(reverse("mediation:figures")).status_code == 200
    assert client.get(reverse("mediation:report")).status_code == 302


def test_coordinator_and_mediators_take_a_case_to_closed(
    client, case, coordinator, mediators
) -> None:  # type: ignore[no-untyped-def]
    def step(user, name, data=None):  # type: ignore[no-untyped-def]
        client.force_login(user)
        data = {f"{name}-{k}": v for k, v in (data or {}).items()}
        response = client.post(reverse("mediation:case_step", args=[case.pk, name]), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        case.refresh_from_db()

    client.force_login(coordinator)
    page = client.get(reverse("mediation:case", args=[case.pk])).content.decode()
    assert "Harde muziek" in page
    step(coordinator, "intake", {"reporter_willing": "yes"})
    step(coordinator, "contact", {"method": "letter"})
    step(coordinator, "willing", {"other_willing": "yes"})
    assert case.state == State.BOTH_WILLING
    client.force_login(coordinator)
    page = client.get(reverse("mediation:case", args=[case.pk])).content.decode()
    # m3 lives in the resident's street, m4 is not trained: neither is proposed.
    proposed = page.split("Voorgesteld")[1].split("</p>")[0]
    assert "m1" in proposed and "m2" in proposed and "m3" not in proposed
    step(coordinator, "assign", {"mediators": [mediators[0].pk, mediators[1].pk]})
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    step(mediators[0].user, "session", {"at": when, "note": "Goed gesprek"})
    step(mediators[1].user, "agreement", {"text": "Muziek uit om 22.00 uur."})
    assert case.state == State.AGREEMENT and case.follow_up_due is not None
    client.force_login(coordinator)
    early = client.post(reverse("mediation:case_step", args=[case.pk, "follow-up"]))
    assert early.status_code == 302
    case.refresh_from_db()
    assert case.state == State.AGREEMENT  # not before six weeks
    Case.objects.filter(pk=case.pk).update(follow_up_due=timezone.localdate())
    step(coordinator, "follow-up")
    step(coordinator, "close", {"resolved": "yes", "note": "Het is rustig."})
    assert case.state == State.CLOSED and case.resolved


def test_a_mediator_cannot_do_the_coordinators_steps(client, case, coordinator, mediators) -> None:  # type: ignore[no-untyped-def]
    step_url = reverse("mediation:case_step", args=[case.pk, "escalate"])
    case.mediators.add(mediators[0])
    client.force_login(mediators[0].user)
    assert client.post(step_url, {"escalate-reason": "x"}).status_code == 403
    case.refresh_from_db()
    assert case.state == State.REPORTED


def test_figures_are_suppressed_under_the_minimum(team, resident, area) -> None:  # type: ignore[no-untyped-def]
    year = timezone.now().year
    for i in range(selectors.MIN_COUNT - 1):
        Case.objects.create(team=team, kind="noise", area=area, reporter_willing=True,
                            other_willing=i % 2 == 0, resolved=i == 0)  # fmt: skip
    rows, suppressed = selectors.district_figures(year)
    assert rows == [] and suppressed == 1
    assert selectors.counts_per_area(year) == {}
    Case.objects.create(
        team=team, kind="pets", area=area, reporter_willing=True, other_willing=True
    )
    rows, suppressed = selectors.district_figures(year)
    assert suppressed == 0 and rows[0].cases == selectors.MIN_COUNT
    assert rows[0].both_willing_share == 60.0 and rows[0].resolved_share == 20.0
    assert selectors.counts_per_area(year)[area.code] == {
        "cases": 5,
        "both_willing": 3,
        "resolved": 1,
    }


def test_figure_sources_are_registered_for_the_monitor(db) -> None:  # type: ignore[no-untyped-def]
    from sociale_basis.core.registry import figure_sources

    keys = {f.key for f in figure_sources()}
    assert {"mediation_cases", "mediation_both_willing", "mediation_resolved"} <= keys
