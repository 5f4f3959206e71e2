"""One person, one ballot across channels: where accounts and letters are both allowed, a letter bound
to a register entry (person or address) and the account verified for the same entry are one voter;
whichever comes first closes the other, also with 50 concurrent mixed attempts on PostgreSQL. Letters
that are not bound are said to be so on the settings page and under the result."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sociale_basis.participation.ballot import services as ballot_services
from sociale_basis.participation.ballot.models import Access, RegisterBinding
from sociale_basis.participation.ballot.selectors import letter_binding
from sociale_basis.participation.budgets import services
from sociale_basis.participation.budgets.eligibility import BOX
from sociale_basis.participation.budgets.models import Ballot, Phase

from .budget_factories import (
    account_eligibility,
    code_eligibility,
    oost_neighbourhood,
    project_ids,
    round_with_projects,
    user,
)

pytestmark = pytest.mark.django_db
PERSON = "person:999990001"


def _both_round():  # type: ignore[no-untyped-def]
    return round_with_projects(verification=Access.ACCOUNT_OR_CODE)


def _voter(entry: str = PERSON):  # type: ignore[no-untyped-def]
    u = user()
    ballot_services.voter_profile_verify(
        user=u,
        neighbourhood=oost_neighbourhood(),
        birth_date=__import__("datetime").date(1980, 1, 1),
        register_entry=entry,
    )
    return u


def _letter(round, entry: str = PERSON) -> str:  # type: ignore[no-untyped-def]
    return services.codes_generate(
        round=round, count=1, neighbourhood=oost_neighbourhood(), register_entries=[entry]
    )[0]


def test_account_first_then_the_bound_letter_is_refused_and_the_letter_stays_unused():
    r = _both_round()
    ids = project_ids(r)
    code = _letter(r)
    services.ballot_cast(round=r, eligibility=account_eligibility(r, _voter()), choices={ids[0]: 1})
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(round=r, eligibility=code_eligibility(r, code), choices={ids[1]: 1})
    assert "al gestemd" in str(refused.value)
    assert Ballot.objects.filter(round=r).count() == 1
    assert r.voter_records.count() == 1
    assert code_eligibility(r, code) is not None  # nothing half-saved: the letter was not used up


def test_letter_first_then_the_account_of_the_same_person_is_refused():
    r = _both_round()
    ids = project_ids(r)
    code = _letter(r)
    u = _voter()
    services.ballot_cast(round=r, eligibility=code_eligibility(r, code), choices={ids[0]: 1})
    with pytest.raises(ValidationError):
        services.ballot_cast(round=r, eligibility=account_eligibility(r, u), choices={ids[1]: 1})
    assert Ballot.objects.filter(round=r).count() == 1


def test_other_people_and_other_rounds_are_not_closed():
    r, other = _both_round(), _both_round()
    ids, other_ids = project_ids(r), project_ids(other)
    services.ballot_cast(round=r, eligibility=account_eligibility(r, _voter()), choices={ids[0]: 1})
    services.ballot_cast(  # someone else's letter in the same round
        round=r,
        eligibility=code_eligibility(r, _letter(r, "person:999990002")),
        choices={ids[0]: 1},
    )
    services.ballot_cast(  # the same person's letter in another round
        round=other, eligibility=code_eligibility(other, _letter(other)), choices={other_ids[0]: 1}
    )
    assert Ballot.objects.filter(round=r).count() == 2
    assert Ballot.objects.filter(round=other).count() == 1
    # Keyed per round: the two rounds' rows of the same person cannot be matched.
    tokens = list(RegisterBinding.objects.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens) == 3


def test_the_round_says_whether_its_letters_are_bound():
    r = _both_round()
    assert letter_binding(box=BOX, scope=r) == "no_letters"
    _letter(r)
    assert letter_binding(box=BOX, scope=r) == "bound"
    services.codes_generate(round=r, count=2, neighbourhood=oost_neighbourhood())
    assert letter_binding(box=BOX, scope=r) == "unbound"
    only_codes = round_with_projects(verification=Access.CODE)
    assert letter_binding(box=BOX, scope=only_codes) is None


def test_an_unbound_letter_lets_an_account_holder_vote_twice_and_the_result_says_so(client):
    r = _both_round()
    ids = project_ids(r)
    code = services.codes_generate(round=r, count=1, neighbourhood=oost_neighbourhood())[0]
    services.ballot_cast(round=r, eligibility=account_eligibility(r, _voter()), choices={ids[0]: 1})
    services.ballot_cast(round=r, eligibility=code_eligibility(r, code), choices={ids[0]: 1})
    assert Ballot.objects.filter(round=r).count() == 2
    services.round_move(round=r, to=Phase.RESULT)
    page = client.get(f"/meedoen/wijkbudget/{r.pk}/uitslag/")
    assert page.status_code == 200
    assert 'data-binding="unbound"' in page.content.decode()


def test_duplicate_register_entries_are_refused_naming_the_field_and_nothing_is_made():
    r = _both_round()
    with pytest.raises(ValidationError) as refused:
        services.codes_generate(
            round=r, count=1, neighbourhood=oost_neighbourhood(), register_entries=[PERSON, PERSON]
        )
    assert "register_entries" in refused.value.message_dict
    assert not r.codes.exists()


def test_the_letters_csv_carries_each_code_with_its_register_entry():
    from sociale_basis.participation.ballot.views import codes_csv_response

    entries = ["address:0014010000000001", "address:0014010000000002"]
    r = _both_round()
    made = services.codes_generate(
        round=r, count=9, neighbourhood=oost_neighbourhood(), register_entries=entries
    )
    assert len(made) == 2  # one per entry; the count does not apply
    response = codes_csv_response(
        made, place="Oost", expires=None, title=r.title, title_column="round", filename="x.csv",
        entries=entries,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][-1] == "register_entry"
    assert [row[-1] for row in rows[1:]] == entries
    assert [row[0] for row in rows[1:]] == made
    # Only keyed hashes are stored, never the entry itself.
    assert not r.codes.filter(register_key__contains="0014010").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_fifty_concurrent_mixed_attempts_of_one_person_store_exactly_one():
    import threading

    from django.db import connections

    r = _both_round()
    ids = project_ids(r)
    by_account = account_eligibility(r, _voter())
    by_letter = code_eligibility(r, _letter(r))
    barrier = threading.Barrier(50)
    outcomes: list[str] = []

    def submit(n: int) -> None:
        try:
            barrier.wait()
            elig = by_account if n % 2 else by_letter
            services.ballot_cast(round=r, eligibility=elig, choices={ids[0]: 1})
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 49
    assert Ballot.objects.filter(round=r).count() == 1
    assert r.voter_records.count() == 1
    assert RegisterBinding.objects.filter(scope_id=r.pk, kind=BOX.kind).count() == 1
