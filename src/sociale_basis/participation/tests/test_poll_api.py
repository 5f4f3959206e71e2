"""The read-only poll API: polls with questions, published results only, no respondent data."""

import pytest

from sociale_basis.participation.polls import services
from sociale_basis.participation.polls.models import Answer, Moderation, PollStatus

from .poll_factories import device, full_answers, poll_with_questions

pytestmark = pytest.mark.django_db


def test_polls_and_their_published_results_are_open_data_without_respondents(client):
    draft = poll_with_questions(status=PollStatus.DRAFT, title="Nog geheim")
    poll = poll_with_questions(min_shown=2)
    for i in range(2):
        services.response_submit(
            poll=poll, respondent=device(poll, f"api{i}"), answers=full_answers(poll)
        )
    listing = client.get("/api/v1/polls/").json()
    titles = [p["title"] for p in listing["results"]]
    assert "Peiling Oost" in titles and "Nog geheim" not in titles
    assert client.get(f"/api/v1/polls/{draft.pk}/").status_code == 404
    detail = client.get(f"/api/v1/polls/{poll.pk}/").json()
    assert [q["kind"] for q in detail["questions"]] == [
        "single",
        "multiple",
        "scale",
        "ranking",
        "number",
        "text",
    ]
    assert client.get(f"/api/v1/polls/{poll.pk}/results/").status_code == 404
    first = Answer.objects.filter(poll=poll, question__kind="text").order_by("pk").first()
    services.answers_moderate(poll=poll, decisions={first.pk: Moderation.APPROVED})
    services.poll_move(poll=poll, to=PollStatus.CLOSED)
    services.poll_move(poll=poll, to=PollStatus.PUBLISHED)
    result = client.get(f"/api/v1/polls/{poll.pk}/results/").json()
    assert result["responses"] == 2
    single = result["questions"][0]
    assert [o["count"] for o in single["options"]] == [2, 0]
    assert single["neighbourhoods"][0]["n"] == 2
    assert [a["id"] for a in result["questions"][5]["open_answers"]] == [first.pk]
    text = str(result) + str(detail)
    assert "token" not in text and "draft_key" not in text
