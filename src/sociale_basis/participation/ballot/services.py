"""Writes of the shared voting layer: codes, the voter register, the shuffle, the voter profile.

The half of casting a ballot that is the same everywhere is :func:`register_enter`; each domain
checks its own choices first and stores its own ballot after it, in one transaction.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area
from sociale_basis.audit.models import Action
from sociale_basis.audit.services import processing_log

from .codes import MAX_CODES, new_code
from .eligibility import Eligibility, binding_token, code_hash, register_key
from .models import Access, BallotBox, CountJob, CountState, RegisterBinding, VoterProfile


class AlreadyVotedError(ValidationError):
    """This voter (or this device, at its limit) already took part in the ballot."""


def settings_change(
    obj: Any, changes: dict[str, Any], *, allowed: set[str], locked: tuple[str, ...], refusal: Any
) -> None:
    """Apply ``changes`` to the settings of a round or poll (not saved yet). A field outside
    ``allowed`` is refused, and so is a change to a ``locked`` field once ``obj.locked``."""
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed here.")})
    if obj.locked:
        for name in locked:
            if name in changes and changes[name] != getattr(obj, name):
                raise ValidationError({name: str(refusal)})
    for name, value in changes.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def codes_issue(
    *,
    box: BallotBox,
    scope: Any,
    count: int,
    register_entries: list[str] | None = None,
    **fields: Any,
) -> list[str]:
    """``count`` new one-time codes for this ballot (other columns of the code table from
    ``fields``). Only keyed hashes are kept: the codes are returned this once, for the letters.
    With ``register_entries`` (one register entry per letter: "person:..." or "address:...") there
    is one code per entry, in that order, each bound to its entry, so that the letter and an account
    of the same entry are one voter. Refuses a count outside 1..MAX_CODES, naming the field."""
    entries = [e.strip() for e in register_entries or [] if e.strip()]
    if entries:
        if len(set(entries)) != len(entries):
            raise ValidationError(
                {"register_entries": _("Each register entry may appear only once.")}
            )
        count = len(entries)
    if not 1 <= count <= MAX_CODES:
        field = "register_entries" if entries else "count"
        raise ValidationError(
            {field: _("Make between 1 and %(max)d codes at a time.") % {"max": MAX_CODES}}
        )
    codes = [new_code() for _ in range(count)]
    keys = [register_key(e) for e in entries] or [""] * count
    box.codes._default_manager.bulk_create(
        [
            box.codes(code_hash=code_hash(box, c), register_key=k, **box.of(scope), **fields)
            for c, k in zip(codes, keys, strict=True)
        ]
    )
    return codes


def code_use(*, box: BallotBox, code_id: int) -> None:
    """Mark a one-time code used, in the caller's transaction. A conditional update, so of two
    submissions with the same code only one gets through; the other is refused like any bad code."""
    if box.codes._default_manager.filter(pk=code_id, used=False).update(used=True) != 1:
        raise ValidationError({"code": str(box.words.code_refused)})


def register_enter(*, box: BallotBox, scope: Any, voter: Eligibility) -> None:
    """The voter's half of a secret ballot, inside the caller's transaction.

    The voter's one-time code is marked used with a conditional update, then the voter's token is
    written to the register: its unique ``(scope, token)`` constraint lets exactly one ballot per
    token through, also under concurrent submissions. A device that may take part more than once
    brings one token per use and takes the first free one. The ballot itself is stored by the
    caller afterwards, without any link to this row.
    """
    if voter.code_id is not None:
        code_use(box=box, code_id=voter.code_id)
    if voter.register_key:
        # The register entry (person or address) behind an account or a bound letter: whichever
        # channel comes first closes the other.
        try:
            with transaction.atomic():
                RegisterBinding.objects.create(
                    kind=box.kind,
                    scope_id=scope.pk,
                    token=binding_token(box, scope.pk, voter.register_key),
                )
        except IntegrityError:
            raise AlreadyVotedError({box.voter_field: str(box.words.already)}) from None
    tokens = voter.tokens
    if not tokens:  # this ballot keeps no register (a poll that allows several responses)
        return
    how = (
        {"method": voter.method, "neighbourhood_id": voter.neighbourhood_id}
        if box.counts_how
        else {}
    )
    for token in tokens:
        try:
            with transaction.atomic():
                box.register._default_manager.create(**box.of(scope), token=token, **how)
            return
        except IntegrityError:
            continue
    device = voter.method == Access.DEVICE and len(tokens) > 1 and box.words.device_used_up
    message = box.words.device_used_up if device else box.words.already
    raise AlreadyVotedError({box.voter_field: str(message)})


def storage_shuffle(*, box: BallotBox, scope: Any) -> None:
    """Rewrite the ballot's register (and its ballots) in independent random orders.

    Neither table has a column that orders them, but the database itself keeps an insertion order
    (SQLite's hidden rowid, PostgreSQL's physical row order) that is the same for a register row and
    the ballot written with it. Rewriting both when voting closes removes that link for anyone who
    later reads the database directly. Register rows get new keys, in the new order.
    """
    rng = secrets.SystemRandom()
    for model in (box.ballots, box.register):
        if model is None:
            continue
        manager: Any = model._default_manager
        rows = list(manager.filter(**box.of(scope)))
        rng.shuffle(rows)
        manager.filter(**box.of(scope)).delete()
        if model._meta.pk.auto_created:
            for row in rows:
                row.pk = None
        manager.bulk_create(rows, batch_size=500)


@transaction.atomic
def voter_profile_verify(
    *,
    user: Any,
    neighbourhood: Area,
    birth_date: date,
    by: Any = None,
    register_entry: str = "",
) -> VoterProfile:
    """Record a resident's verified address and birth date (checked by the municipality), and the
    entry in its register the check found ("person:..." or "address:...", kept as a keyed hash), so
    that a letter bound to the same entry and this account are one voter.

    A change to the voter register: written to the shared processing log (`by` is the staff member,
    or None for the DigiD/BRP check run by the system)."""
    profile, _created = VoterProfile.objects.update_or_create(
        user=user,
        defaults={
            "neighbourhood": neighbourhood,
            "birth_date": birth_date,
            "verified_at": timezone.now(),
            "register_key": register_key(register_entry),
        },
    )
    processing_log(
        actor=by, action=Action.UPDATE, processing_activity="participation",
        purpose="voter register: verified neighbourhood and birth date for voting",
        subject=user, resource=profile, operation="participation.voter_profile_verify",
    )  # fmt: skip
    return profile


# Counting in the background: one job table and one runner for every ballot. A domain closes its
# ballot, calls ``count_queue`` with its own task, and that task calls ``count_run`` with the
# domain's count (which reports its progress through the function it is given).

Progress = Callable[[str, int, int], None]


def count_queue(*, box: BallotBox, scope: models.Model, task: Any) -> CountJob:
    """Write (or reset) the job of this ballot and queue ``task`` with the job's id once the
    caller's transaction commits. Call it inside the transaction that closes the ballot."""
    job, _created = CountJob.objects.update_or_create(
        kind=box.kind,
        scope_id=scope.pk,
        defaults={
            "state": CountState.QUEUED,
            "step": "",
            "done": 0,
            "total": 0,
            "problems": [],
            "started_at": None,
            "finished_at": None,
        },
    )
    transaction.on_commit(lambda: task.enqueue(job.pk))
    return job


def count_run(*, job_id: int, compute: Callable[[CountJob, Progress], None]) -> str:
    """Run a count job: ``compute`` stores the result in one transaction, the progress is written
    outside it (so the page sees it). A failure is written to the job, never left "running";
    nothing half-saved. A job runs once."""
    job = CountJob.objects.filter(pk=job_id).first()
    if job is None or job.state != CountState.QUEUED:
        return "skipped"
    CountJob.objects.filter(pk=job_id).update(state=CountState.RUNNING, started_at=timezone.now())

    def progress(step: str, done: int, total: int) -> None:
        CountJob.objects.filter(pk=job_id).update(step=str(step)[:200], done=done, total=total)

    try:
        with transaction.atomic():
            compute(job, progress)
    except Exception as exc:  # noqa: BLE001 - every failure is shown on the job
        logging.getLogger(__name__).exception("count job %s failed", job_id)
        CountJob.objects.filter(pk=job_id).update(
            state=CountState.FAILED,
            problems=[
                _(
                    "Counting stopped with an unexpected error (%(error)s); no result has been "
                    "stored. The administrators can find the details in the log."
                )
                % {"error": type(exc).__name__}
            ],
            finished_at=timezone.now(),
        )
        return "failed"
    CountJob.objects.filter(pk=job_id).update(
        state=CountState.DONE, step=_("done"), done=1, total=1, finished_at=timezone.now()
    )
    return "done"
