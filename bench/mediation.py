#!/usr/bin/env python3
"""Mediation benchmark: the case page and the case list with 5,000 cases.

Builds a fresh SQLite database (or uses SB_DATABASE_URL) with today's Groningen areas, the demo logins and
the mediation demo, adds `--cases` cases spread over the areas, then measures in process through Django's
test client (middleware, session, confidentiality check, processing-log write, template):

* the case page for the coordinator, in state "both willing" (with the proposal of two mediators),
* the case page for an assigned mediator, in conversation,
* the coordinator's case list (all cases of the team),
* the anonymous figures per district.

Prints the median and 95th percentile per item. Goal: case page p95 < 150 ms.

    .venv/bin/python bench/mediation.py [--cases 5000] [--repeat 100]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def _setup_django() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-mediation-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sociale_basis.conf.ci")
    os.environ.setdefault("SB_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("SB_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(n_cases: int, seed: int = 22) -> None:
    from sociale_basis.accounts import demo as accounts_demo
    from sociale_basis.areas import demo as areas_demo
    from sociale_basis.areas.selectors import area_set_current, place_list
    from sociale_basis.mediation import demo
    from sociale_basis.mediation.models import Case, Kind, State, Team

    out = io.StringIO()
    areas_demo.load(out)
    accounts_demo.load(out)
    demo.load(out)
    rng = random.Random(seed)
    team = Team.objects.get(is_demo=True)
    area_set = area_set_current()
    assert area_set is not None
    areas = list(place_list(area_set=area_set))
    Case.objects.bulk_create(
        [
            Case(team=team, kind=rng.choice(Kind.values), state=rng.choice(State.values),
                 area=rng.choice(areas), description="Overlast (bench)", other_address="Straat 1",
                 reporter_willing=True, other_willing=rng.random() < 0.6, is_demo=True)
            for _ in range(n_cases)
        ],
        batch_size=1000,
    )  # fmt: skip


def _time(fn, repeat: int, warm: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    for _ in range(warm):
        fn()
    wall = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t)
    return wall


def _report(label: str, wall: list[float]) -> float:
    wall = sorted(wall)
    p95 = wall[int(0.95 * (len(wall) - 1))] * 1000
    print(f"{label:<60} median {statistics.median(wall) * 1000:6.1f} ms   p95 {p95:6.1f} ms")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    t0 = time.perf_counter()
    _setup_django()
    _fill(args.cases)
    print(f"setup: {args.cases} extra cases in {time.perf_counter() - t0:.1f} s")

    from django.test import Client
    from django.utils import timezone

    from sociale_basis.accounts.models import User
    from sociale_basis.mediation import demo
    from sociale_basis.mediation.models import Case, Mediator, State

    coordinator = User.objects.get(email=demo.COORDINATOR)
    mediator = Mediator.objects.get(user__email="vrijwilliger@demo.sociale-basis.nl")
    willing = Case.objects.filter(state=State.OTHER_PARTY_ASKED).first()
    assert willing is not None
    Case.objects.filter(pk=willing.pk).update(state=State.BOTH_WILLING)
    talking = Case.objects.filter(state=State.SESSIONS).first()
    assert talking is not None
    talking.mediators.add(mediator)
    talking.sessions.create(at=timezone.now(), note="Eerste gesprek")

    c_client, m_client, anon = Client(), Client(), Client()
    c_client.force_login(coordinator)
    m_client.force_login(mediator.user)

    def get(client, url: str):  # type: ignore[no-untyped-def]
        def run() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return run

    worst = max(
        _report("case page, coordinator, both willing (with proposal)",
                _time(get(c_client, f"/buurtbemiddeling/zaken/{willing.pk}/"), args.repeat)),
        _report("case page, assigned mediator, in conversation",
                _time(get(m_client, f"/buurtbemiddeling/zaken/{talking.pk}/"), args.repeat)),
    )  # fmt: skip
    _report("case list, coordinator (all cases)",
            _time(get(c_client, "/buurtbemiddeling/zaken/"), max(10, args.repeat // 10)))  # fmt: skip
    _report("figures per district (anonymous)",
            _time(get(anon, "/buurtbemiddeling/cijfers/"), max(10, args.repeat // 10)))  # fmt: skip
    print(f"case page p95 {'within' if worst < 150 else 'OVER'} the 150 ms goal ({worst:.1f} ms)")


if __name__ == "__main__":
    main()
