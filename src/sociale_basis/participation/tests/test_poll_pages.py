"""The poll pages: answering with a device, a code or an account (drafts too), staff entry of paper
and interview answers, moderation, results with suppression, downloads, and permissions per role."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sociale_basis.accounts.models import Role, RoleAssignment, User
from sociale_basis.areas.models import Area
from sociale_basis.participation.ballot.models import Access as PollAccess
from sociale_basis.participation.polls import services
from sociale_basis.participation.polls.models import (
    Answer,
    Channel,
    Moderation,
    Poll,
    PollResponse,
    PollStatus,
    QuestionKind,
    ResponseStatus,
)

from .poll_factories import (
    device,
    full_answers,
    oost_neighbourhood,
    poll_with_questions,
    qids,
    user,
    voter,
)

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


def _form(poll, *, like="0", hood=None, **extra):
    s, m, sc, r, n, t = qids(poll)
    data = {
        "neighbourhood": str((hood or oost_neighbourhood()).pk),
        f"q{s}": like,
        f"q{m}": ["0", "2"],
        f"q{sc}": "3",
        f"q{r}_1": "1",
        f"q{r}_2": "2",
        f"q{n}": "7,5",
        f"q{t}": "Mooi groen.",
        "action": "submit",
    }
    data.update(extra)
    return data


def test_a_resident_answers_on_a_device_once_and_sees_the_closing_text(client):
    poll = poll_with_questions(closing_text="Dank u wel, buurman!")
    url = reverse("participation:poll_respond", args=[poll.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Wat mist u?" in page.content.decode()
    response = client.post(url, _form(poll))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Dank u wel, buurman!" in client.get(response["Location"]).content.decode()
    stored = PollResponse.objects.get(poll=poll)
    assert stored.channel == Channel.ONLINE and stored.neighbourhood == oost_neighbourhood()
    n = qids(poll)[4]
    assert Answer.objects.get(question_id=n).number == 7.5
    r = qids(poll)[3]
    assert list(
        Answer.objects.filter(question_id=r).order_by("rank").values_list("choice", flat=True)
    ) == [1, 2]
    # the same device again: already answered
    again = client.get(url)
    assert "U hebt al gereageerd" in again.content.decode()
    assert PollResponse.objects.filter(poll=poll).count() == 1


def test_a_wrong_answer_is_refused_naming_the_question_and_nothing_is_saved(client):
    poll = poll_with_questions()
    s, m, *_ = qids(poll)
    response = client.post(
        reverse("participation:poll_respond", args=[poll.pk]),
        _form(poll, **{f"q{m}": ["0", "1", "2"]}),
    )
    assert response.status_code == 400
    assert "Wat mist u?" in response.content.decode()
    assert not PollResponse.objects.filter(poll=poll).exists()


def test_a_ranking_with_a_gap_is_refused(client):
    poll = poll_with_questions()
    r = qids(poll)[3]
    response = client.post(
        reverse("participation:poll_respond", args=[poll.pk]),
        _form(poll, **{f"q{r}_1": "1", f"q{r}_2": "3"}),
    )
    assert response.status_code == 400 and "Wat eerst?" in response.content.decode()


def test_a_conditional_question_appears_after_the_answer_without_javascript(client):
    poll = poll_with_questions()
    s, *_, t = qids(poll)
    url = reverse("participation:poll_respond", args=[poll.pk])
    page = client.get(url).content.decode()
    assert f'id="fq{t}" hidden' in page  # not shown before the answer
    response = client.post(url, {**_form(poll), f"q{t}": "", "action": "save"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert f'id="fq{t}" hidden' not in page and f'id="fq{t}"' in page


def test_a_draft_is_saved_and_resumed_on_the_same_device(client):
    poll = poll_with_questions()
    s, m, sc, *_ = qids(poll)
    url = reverse("participation:poll_respond", args=[poll.pk])
    data = {
        "neighbourhood": str(oost_neighbourhood().pk),
        f"q{s}": "1",
        f"q{sc}": "5",
        "action": "save",
    }
    assert client.post(url, data).status_code == 302
    draft = PollResponse.objects.get(poll=poll)
    assert draft.status == ResponseStatus.DRAFT and draft.draft == {str(s): 1, str(sc): 5}
    page = client.get(url).content.decode()
    assert f'id="q{sc}_5" name="q{sc}" value="5" checked' in page
    assert client.post(url, _form(poll, like="1")).status_code == 302
    assert PollResponse.objects.get(poll=poll).status == ResponseStatus.SUBMITTED


def test_a_resident_answers_with_a_code_from_a_letter(client):
    poll = poll_with_questions(access=PollAccess.CODE)
    (code,) = services.codes_generate(poll=poll, count=1, neighbourhood=oost_neighbourhood())
    url = reverse("participation:poll_respond", args=[poll.pk])
    page = client.get(url).content.decode()
    assert 'name="code"' in page
    refused = client.post(url, {"action": "code", "code": "AAAA-BBBB-CCCC"})
    assert "kan niet worden gebruikt" in refused.content.decode()
    assert client.post(url, {"action": "code", "code": code}).status_code == 302
    form = _form(poll)
    del form["neighbourhood"]
    assert client.post(url, form).status_code == 302
    assert PollResponse.objects.get(poll=poll).neighbourhood == oost_neighbourhood()
    assert poll.codes.get().used


def test_an_account_answers_and_an_unverified_account_is_told_why(client):
    poll = poll_with_questions(access=PollAccess.ACCOUNT)
    url = reverse("participation:poll_respond", args=[poll.pk])
    client.force_login(user())
    assert "nog niet gecontroleerd" in client.get(url).content.decode()
    client.force_login(voter())
    form = _form(poll)
    del form["neighbourhood"]
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 200  # the "already answered" page
    assert PollResponse.objects.filter(poll=poll).count() == 1


def test_staff_enter_interview_answers_marked_as_such(client):
    poll = poll_with_questions()
    _login(client, OOST_TEAM)
    url = reverse("participation:poll_paper", args=[poll.pk])
    assert client.get(url).status_code == 200
    form = _form(poll, channel="interview")
    del form["action"]
    assert client.post(url, form).status_code == 302
    stored = PollResponse.objects.get(poll=poll)
    assert stored.channel == Channel.INTERVIEW and stored.entered_by.email == OOST_TEAM
    results = client.get(reverse("participation:poll_results", args=[poll.pk])).content.decode()
    assert "Interview" in results


@pytest.mark.parametrize(
    "who, status",
    [
        (None, 302),
        (RESIDENT, 403),
        ("centrum", 403),
        (OOST_TEAM, 200),
        ("beheer@demo.sociale-basis.nl", 200),
    ],
)
def test_only_the_area_team_of_the_area_manages_a_poll(client, who, status):
    poll = poll_with_questions()
    if who == "centrum":
        client.force_login(_centrum_team())
    elif who:
        _login(client, who)
    for name in ("poll_manage", "poll_paper", "poll_moderate"):
        assert client.get(reverse(f"participation:{name}", args=[poll.pk])).status_code == status


def test_an_area_team_creates_a_poll_only_in_its_own_area(client):
    _login(client, OOST_TEAM)
    page = client.get(reverse("participation:poll_create")).content.decode()
    assert "Oost" in page and "Centrum</option>" not in page
    centrum = Area.objects.get(code="GB-CENTRUM", area_set__is_current=True)
    response = client.post(
        reverse("participation:poll_create"),
        {
            "area": centrum.pk,
            "kind": "poll",
            "title": "Stiekem",
            "access": "device",
            "device_limit": 1,
            "min_age": 0,
            "min_shown": 10,
        },
    )
    assert response.status_code == 200 and not Poll.objects.filter(title="Stiekem").exists()


def test_staff_build_a_poll_with_questions_and_open_it(client):
    _login(client, OOST_TEAM)
    oost = Area.objects.get(code="GB-OOST", area_set__is_current=True)
    response = client.post(
        reverse("participation:poll_create"),
        {
            "area": oost.pk,
            "kind": "needs",
            "title": "Behoeftepeiling",
            "access": "device",
            "one_per_person": "on",
            "device_limit": 1,
            "min_age": 0,
            "min_shown": 10,
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get(title="Behoeftepeiling")
    url = reverse("participation:poll_manage", args=[poll.pk])
    bad = client.post(
        url,
        {
            "action": "question",
            "vraag-kind": "single",
            "vraag-text": "Een?",
            "vraag-options": "Ja",
            "vraag-scale_max": 5,
        },
    )
    assert bad.status_code == 200 and "ten minste twee keuzes" in bad.content.decode()
    client.post(
        url,
        {
            "action": "question",
            "vraag-kind": "single",
            "vraag-text": "Fijn?",
            "vraag-options": "Ja\nNee",
            "vraag-required": "on",
            "vraag-scale_max": 5,
        },
    )
    first = poll.questions.get()
    client.post(
        url,
        {
            "action": "question",
            "vraag-kind": "text",
            "vraag-text": "Waarom?",
            "vraag-show_if": first.pk,
            "vraag-show_if_values": "1",
            "vraag-scale_max": 5,
        },
    )
    why = poll.questions.get(text="Waarom?")
    assert why.show_if == first and why.show_if_values == [0]  # "1" = the first option
    client.post(url, {"action": "status", "to": "open"})
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN


def test_results_suppress_small_neighbourhoods_and_publish_only_approved_open_answers(client):
    poll = poll_with_questions(min_shown=3)
    for i in range(3):
        services.response_submit(
            poll=poll, respondent=device(poll, f"d{i}"), answers=full_answers(poll)
        )
    url = reverse("participation:poll_results", args=[poll.pk])
    assert client.get(url).status_code == 404  # not published
    _login(client, OOST_TEAM)
    assert "nog niet gepubliceerd" in client.get(url).content.decode()
    texts = list(Answer.objects.filter(poll=poll, question__kind=QuestionKind.TEXT))
    moderate = reverse("participation:poll_moderate", args=[poll.pk])
    assert "De mensen." in client.get(moderate).content.decode()
    client.post(
        moderate, {f"a{texts[0].pk}": Moderation.APPROVED, f"a{texts[1].pk}": Moderation.HIDDEN}
    )
    services.poll_move(poll=poll, to=PollStatus.CLOSED)
    services.poll_move(poll=poll, to=PollStatus.PUBLISHED)
    client.logout()
    page = client.get(url).content.decode()
    assert page.count("De mensen.") == 1
    assert oost_neighbourhood().name in page
    assert "<svg" in page and "style=" not in page.split("<main")[-1]
    widths = re.findall(r'<rect x="0" y="[0-9]+" width="([^"]+)"', page)
    assert widths and all(re.fullmatch(r"[0-9]+(\.[0-9]+)?", w) for w in widths)  # not "58,7"
    csv_text = client.get(
        reverse("participation:poll_results_csv", args=[poll.pk])
    ).content.decode()
    assert csv_text.splitlines()[0].startswith("question,question_type,area")
    assert "Woont u graag hier?" in csv_text and csv_text.count("De mensen.") == 1
    xlsx = client.get(reverse("participation:poll_results_xlsx", args=[poll.pk])).content
    rows = list(load_workbook(io.BytesIO(xlsx)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "question" and any(r[0] == "Woont u graag hier?" for r in rows)


def test_a_neighbourhood_below_the_minimum_is_not_in_the_results_or_downloads(client):
    poll = poll_with_questions(min_shown=10)
    for i in range(3):
        services.response_submit(
            poll=poll, respondent=device(poll, f"d{i}"), answers=full_answers(poll)
        )
    services.poll_move(poll=poll, to=PollStatus.CLOSED)
    services.poll_move(poll=poll, to=PollStatus.PUBLISHED)
    page = client.get(reverse("participation:poll_results", args=[poll.pk])).content.decode()
    assert "minder dan 10 deelnemers" in page
    csv_text = client.get(
        reverse("participation:poll_results_csv", args=[poll.pk])
    ).content.decode()
    assert oost_neighbourhood().name not in csv_text


def test_the_index_shows_what_is_open_for_a_neighbourhood(client):
    poll = poll_with_questions(title="Peiling voor Oost")
    page = client.get(reverse("participation:index")).content.decode()
    assert "Peiling voor Oost" in page
    inside = client.get(reverse("participation:index"), {"buurt": oost_neighbourhood().pk})
    assert "Peiling voor Oost" in inside.content.decode()
    from .budget_factories import outside_neighbourhood

    outside = client.get(reverse("participation:index"), {"buurt": outside_neighbourhood().pk})
    assert "Peiling voor Oost" not in outside.content.decode()
    assert poll.pk


def test_a_missing_neighbourhood_is_named_and_nothing_is_saved(client):
    poll = poll_with_questions()
    form = _form(poll)
    del form["neighbourhood"]
    response = client.post(reverse("participation:poll_respond", args=[poll.pk]), form)
    assert response.status_code == 400 and "Uw buurt:" in response.content.decode()
    assert not PollResponse.objects.filter(poll=poll).exists()


def test_an_interviewer_added_by_the_area_team_enters_answers_but_does_not_manage(client):
    poll = poll_with_questions()
    student = user("student@test.nl")
    _login(client, OOST_TEAM)
    manage = reverse("participation:poll_manage", args=[poll.pk])
    unknown = client.post(
        manage, {"action": "interviewer", "email": "niemand@test.nl"}, follow=True
    )
    assert "Er is geen actief account" in unknown.content.decode()
    client.post(manage, {"action": "interviewer", "email": "STUDENT@test.nl"})
    assert list(poll.interviewers.all()) == [student]
    client.force_login(student)
    assert "Peiling Oost" in client.get(reverse("participation:index")).content.decode()
    url = reverse("participation:poll_paper", args=[poll.pk])
    form = _form(poll, channel="paper")
    del form["action"]
    assert client.post(url, form).status_code == 302
    stored = PollResponse.objects.get(poll=poll)
    assert stored.channel == Channel.PAPER and stored.entered_by == student
    assert client.get(manage).status_code == 403
    client.force_login(user())
    assert client.get(url).status_code == 403
    _login(client, OOST_TEAM)
    client.post(manage, {"action": "interviewer_remove", "user": student.pk})
    assert not poll.interviewers.exists()
