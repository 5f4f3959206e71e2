"""Demo logins, one per role. The password is printed when the demo starts."""

from __future__ import annotations

from typing import TextIO

from sociale_basis.areas.models import Area, Level

from . import services
from .models import Role, User

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - printed on purpose, demo only
DEMO_USERS = [
    ("bewoner@demo.sociale-basis.nl", "Demo bewoner", Role.RESIDENT, None),
    ("vrijwilliger@demo.sociale-basis.nl", "Demo vrijwilliger", Role.VOLUNTEER, None),
    ("organisatie@demo.sociale-basis.nl", "Demo organisatie", Role.ORGANISATION_MEMBER, None),
    (
        "gebiedsteam.oost@demo.sociale-basis.nl",
        "Demo gebiedsteam Oost",
        Role.AREA_TEAM_MEMBER,
        "GB-OOST",
    ),
    ("beleid@demo.sociale-basis.nl", "Demo beleidsmedewerker", Role.POLICY_OFFICER, None),
    ("onderzoek@demo.sociale-basis.nl", "Demo onderzoeker", Role.RESEARCHER, None),
    ("jury@demo.sociale-basis.nl", "Demo jurylid", Role.JURY_MEMBER, None),
    ("beheer@demo.sociale-basis.nl", "Demo beheerder", Role.ADMINISTRATOR, None),
]


def load(out: TextIO) -> None:
    for email, name, role, area_code in DEMO_USERS:
        user = User.objects.filter(email=email).first() or services.user_create(
            email=email, password=DEMO_PASSWORD, display_name=name, verified=True
        )
        area = (
            Area.objects.filter(code=area_code, level=Level.AREA, area_set__is_current=True).first()
            if area_code
            else None
        )
        services.role_grant(user=user, role=role, area=area)
    out.write(f"  {len(DEMO_USERS)} demo logins\n")


def logins() -> list[tuple[str, str]]:
    return [(str(Role(role).label), email) for email, _name, role, _area in DEMO_USERS]
