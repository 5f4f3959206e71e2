"""The demo: Buurtbemiddeling Groningen (demo) with the MJD as coordinator, mediators, labelled cases."""

from __future__ import annotations

import io

from sociale_basis.mediation import demo
from sociale_basis.mediation.models import Case, Mediator, Team


def test_demo_loads_labelled_and_once(db) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    demo.load(out)
    team = Team.objects.get(is_demo=True)
    assert team.coordinating_organisation == "MJD Groningen" and "(demo)" in team.name
    assert team.coordinators.filter(email=demo.COORDINATOR).exists()
    assert Mediator.objects.filter(team=team, trained=True).count() >= 2
    assert Case.objects.filter(is_demo=True).count() == Case.objects.count() > 0
    demo.load(out)
    assert Team.objects.count() == 1
