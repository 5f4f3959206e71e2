"""The budget pages per role: residents vote and submit ideas, area teams manage their own area only."""

import pytest
from django.urls import reverse

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.areas.models import Area
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.models import Ballot, BudgetRound, Phase, VoterRecord

from .budget_factories import project_ids, round_with_projects, user, voter

pytestmark = pytest.mark.django_db

OOST_TEAM = "gebiedsteam.oost@demo.sociale-basis.nl"
RESIDENT = "bewoner@demo.sociale-basis.nl"


def _login(client, email):
    client.force_login(User.objects.get(email=email))


def _centrum_team():
    u = user()
    RoleAssignment.objects.create(
        user=u,
        role=Role.AREA_TEAM_MEMBER,
        area=Area.objects.get(code="GB-CENTRUM", area_set__is_current=True),
    )
    return u


def test_public_pages_of_a_round_show_its_projects_and_phase(client):
    round = round_with_projects()
    assert client.get(reverse("participation:index")).status_code == 200
    page = client.get(reverse("participation:budget_round", args=[round.pk])).content.decode()
    assert "Project 1" in page and "Stemmen" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        (RESIDENT, 403),
        ("centrum", 403),
        (OOST_TEAM, 200),
        ("beheer@demo.sociale-basis.nl", 200),
    ],
)
def test_only_the_area_team_of_the_area_and_administrators_manage_a_round(client, who, status):
    round = round_with_projects()
    if who == "centrum":
        client.force_login(_centrum_team())
    elif who:
        _login(client, who)
    for name in ["budget_manage", "budget_codes", "budget_paper"]:
        response = client.get(reverse(f"participation:{name}", args=[round.pk]))
        assert response.status_code == status, name


def test_a_centrum_team_member_cannot_move_an_oost_round(client):
    round = round_with_projects(phase=Phase.REVIEW)
    client.force_login(_centrum_team())
    response = client.post(
        reverse("participation:budget_manage", args=[round.pk]), {"action": "phase", "to": "voting"}
    )
    assert response.status_code == 403
    round.refresh_from_db()
    assert round.phase == Phase.REVIEW


def test_the_ballot_page_shows_limits_and_running_total_and_refuses_a_broken_ballot(client):
    round = round_with_projects(max_projects=2)
    client.force_login(voter())
    url = reverse("participation:budget_vote", args=[round.pk])
    page = client.get(url).content.decode()
    assert "ten hoogste 2 projecten" in page
    ids = project_ids(round)
    response = client.post(url, {"action": "check", f"p{ids[0]}": "1", f"p{ids[1]}": "1"})
    assert "2</span> projecten gekozen" in response.content.decode()
    response = client.post(url, {"action": "submit", **{f"p{i}": "1" for i in ids[:3]}})
    assert response.status_code == 400
    assert "het maximum is 2" in response.content.decode()
    assert Ballot.objects.filter(round=round).count() == 0
    response = client.post(url, {"action": "submit", f"p{ids[0]}": "1"})
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "stembewijs" in thanks.lower()
    assert Ballot.objects.filter(round=round).count() == 1
    assert "al gestemd" in client.get(url).content.decode()


def test_a_resident_votes_with_a_code_and_the_receipt_is_found(client):
    round = round_with_projects()
    (code,) = services.codes_generate(round=round, count=1)
    url = reverse("participation:budget_vote", args=[round.pk])
    bad = client.post(url, {"action": "code", "code": "ZZZZ-ZZZZ-ZZZZ"}).content.decode()
    assert "Deze stemcode kan niet worden gebruikt" in bad
    client.post(url, {"action": "code", "code": code})
    assert code not in str(dict(client.session))  # the session keeps only the code's hash
    response = client.post(url, {"action": "submit", f"p{project_ids(round)[1]}": "1"})
    thanks = client.get(response["Location"]).content.decode()
    receipt = thanks.split('id="receipt">')[1].split("<")[0]
    check = client.get(reverse("participation:budget_receipt", args=[round.pk]), {"bon": receipt})
    assert "is meegeteld" in check.content.decode()
    used = client.post(url, {"action": "code", "code": code}).content.decode()
    assert "Deze stemcode kan niet worden gebruikt" in used  # same message as an unknown code
    assert VoterRecord.objects.filter(round=round).count() == 1


def test_codes_download_as_csv_for_the_area_team(client):
    round = round_with_projects()
    _login(client, OOST_TEAM)
    response = client.post(reverse("participation:budget_codes", args=[round.pk]), {"count": "3"})
    assert response["Content-Type"].startswith("text/csv")
    assert len(response.content.decode().strip().splitlines()) == 4


def test_results_page_csv_and_pb_download(client):
    round = round_with_projects()
    ids = project_ids(round)
    for _ in range(3):
        from .budget_factories import account_eligibility

        services.ballot_cast(
            round=round, eligibility=account_eligibility(round, voter()), choices={ids[0]: 1}
        )
    services.round_move(round=round, to=Phase.RESULT)
    page = client.get(reverse("participation:budget_results", args=[round.pk])).content.decode()
    assert "Project 1" in page and "minder dan 10" in page
    csv_text = client.get(
        reverse("participation:budget_results_csv", args=[round.pk])
    ).content.decode()
    assert csv_text.splitlines()[0].startswith("district,project_id")
    sub = round.sub_budgets.get()
    pb = client.get(reverse("participation:budget_pb", args=[round.pk, sub.pk])).content.decode()
    assert pb.startswith("META") and "VOTES" in pb
    from sociale_basis.engines.pb import parse_pb

    assert parse_pb(pb).num_voters == 3


def test_residents_submit_ideas_only_when_logged_in_with_a_role(client):
    round = round_with_projects(phase=Phase.IDEAS)
    url = reverse("participation:budget_idea", args=[round.pk])
    assert client.get(url).status_code == 302
    client.force_login(user())  # an account without a role
    assert client.get(url).status_code == 403
    _login(client, RESIDENT)
    response = client.post(url, {"title": "", "description": ""})
    assert response.content.decode().count("Dit veld is vereist") == 2  # title and description
    client.post(url, {"title": "Bankje", "description": "Bij de vijver."})
    assert round.projects.filter(title="Bankje").exists()


def test_area_team_creates_a_round_only_in_its_own_area(client):
    _login(client, OOST_TEAM)
    page = client.get(reverse("participation:budget_create")).content.decode()
    assert "Oost" in page and "Centrum</option>" not in page
    client.post(
        reverse("participation:budget_create"),
        {
            "area": str(Area.objects.get(code="GB-OOST", area_set__is_current=True).pk),
            "title": "Nieuw",
            "budget": "1000",
            "rule": "mes",
            "ballot_format": "approval",
            "min_projects": "1",
            "max_projects": "2",
            "points_total": "10",
            "min_age": "16",
            "verification": "both",
        },
    )
    assert BudgetRound.objects.filter(title="Nieuw").exists()


def test_study_pages_need_a_research_role(client):
    url = reverse("participation:budget_study_index")
    _login(client, RESIDENT)
    assert client.get(url).status_code == 403
    _login(client, "onderzoek@demo.sociale-basis.nl")
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n1;60;A\n2;50;B\nVOTES\nvoter_id;vote\n1;1,2\n2;2\n"
    response = client.post(url, {"title": "Test", "file": SimpleUploadedFile("t.pb", text)})
    page = client.get(response["Location"]).content.decode()
    assert "Methode van Gelijke Delen" in page


def test_pages_use_a_fixed_number_of_queries_however_many_projects(
    client, django_assert_max_num_queries
):
    round = round_with_projects(costs=tuple([1_000] * 12), budget=30_000)
    ids = project_ids(round)
    from .budget_factories import account_eligibility

    for i in range(4):
        services.ballot_cast(
            round=round,
            eligibility=account_eligibility(round, voter()),
            choices={ids[i]: 1, ids[i + 4]: 1},
        )
    services.round_move(round=round, to=Phase.RESULT)
    for name in ["budget_round", "budget_results"]:
        with django_assert_max_num_queries(12):
            assert client.get(reverse(f"participation:{name}", args=[round.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("participation:index")).status_code == 200


def test_a_round_can_be_split_over_the_districts_by_inhabitants(client):
    _login(client, OOST_TEAM)
    oost = Area.objects.get(code="GB-OOST", area_set__is_current=True)
    client.post(
        reverse("participation:budget_create"),
        {
            "area": str(oost.pk),
            "title": "Per wijk",
            "budget": "100000",
            "per_district": "on",
            "rule": "greedy",
            "ballot_format": "knapsack",
            "min_projects": "1",
            "max_projects": "3",
            "points_total": "10",
            "min_age": "16",
            "verification": "both",
        },
    )
    round = BudgetRound.objects.get(title="Per wijk")
    amounts = list(round.sub_budgets.values_list("amount", flat=True))
    assert len(amounts) == oost.children.count() > 1 and sum(amounts) == 100_000


def test_an_administrator_creates_a_round_for_any_area_in_the_list(client):
    """The chosen area is used, not only the first one in the list (it once raised a KeyError)."""
    _login(client, "beheer@demo.sociale-basis.nl")
    url = reverse("participation:budget_create")
    choices = client.get(url).context["form"].fields["area"].choices
    assert len(choices) > 2
    pk, name = choices[-1]
    response = client.post(
        url,
        {
            "area": pk,
            "title": "Ronde voor het laatste gebied",
            "budget": "10000",
            "rule": "mes",
            "ballot_format": "approval",
            "min_projects": "1",
            "max_projects": "3",
            "points_total": "10",
            "min_age": "16",
            "verification": "both",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    created = BudgetRound.objects.get(title="Ronde voor het laatste gebied")
    assert created.area_id == int(pk)
