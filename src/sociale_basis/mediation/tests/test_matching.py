"""The pure proposal of two mediators: availability, distance, street, conflict of interest, languages."""

from __future__ import annotations

from sociale_basis.mediation.matching import Candidate, CaseNeed, excluded_because, propose


def cand(i: int, **kw) -> Candidate:  # type: ignore[no-untyped-def]
    base = {"id": i, "user_id": 100 + i, "trained": True, "available": True, "open_cases": 0,
            "max_cases": 2, "street": f"Straat {i}", "lat": 53.22, "lon": 6.57, "max_km": 5,
            "languages": ("nl",)}  # fmt: skip
    base.update(kw)
    return Candidate(**base)


NEED = CaseNeed(lat=53.22, lon=6.57, streets=("Vinkenstraat", "Oosterweg"),
                party_user_ids=(1, 2), languages=("ar",))  # fmt: skip


def test_exclusions() -> None:
    assert excluded_because(cand(1, trained=False), NEED) == "not_trained"
    assert excluded_because(cand(1, available=False), NEED) == "not_available"
    assert excluded_because(cand(1, open_cases=2), NEED) == "not_available"
    assert excluded_because(cand(1, user_id=2), NEED) == "conflict_of_interest"
    assert excluded_because(cand(1, street=" vinkenSTRAAT "), NEED) == "same_street"
    assert excluded_because(cand(1, lat=53.40), NEED) == "too_far"  # about 20 km north
    assert excluded_because(cand(1), NEED) is None


def test_two_proposed_shared_language_first_then_nearest() -> None:
    found = propose(
        [cand(1, lat=53.23), cand(2, lat=53.25), cand(3, lat=53.24, languages=("nl", "ar")),
         cand(4, street="Oosterweg"), cand(5, trained=False)],
        NEED,
    )  # fmt: skip
    assert [p.candidate.id for p in found] == [3, 1]


def test_fewer_than_two_when_few_qualify() -> None:
    assert [p.candidate.id for p in propose([cand(1), cand(2, user_id=1)], NEED)] == [1]
