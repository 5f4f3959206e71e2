"""The shared voting tables: who may take part, the verified voter profile, and the abstract shapes of
one-time codes, the voter register and a secret ballot (each domain has its own concrete tables).

Who took part is kept apart from what they chose: a register row holds a keyed token that is unique
per ballot (a budget round, a poll, an agenda round) and no link to the ballot; a ballot has a random
key, no time and no voter, so the two tables cannot be joined again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def person_field(verbose_name: Any = None) -> models.ForeignKey:
    """Who did something (proposed, checked, moderated, entered): forgotten (set to null) when that
    account is erased, so what they did stays."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class Access(models.TextChoices):
    """Who may take part in a ballot (budget rounds offer the last three, in their own words)."""

    DEVICE = "device", _("anyone, with a limit per device")
    ACCOUNT = "account", _("account with a verified address")
    CODE = "code", _("one-time code from a letter")
    ACCOUNT_OR_CODE = "both", _("account or one-time code")


class VoterProfile(models.Model):
    """A resident's verified address (neighbourhood) and birth date: the account way to take part."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="voter_profile",
        verbose_name=_("user"),
    )
    neighbourhood = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("neighbourhood")
    )
    birth_date = models.DateField(_("birth date"))
    verified_at = models.DateTimeField(_("address verified at"), null=True, blank=True)
    # The keyed hash of the resident's entry in the municipality's register (a person, or an address),
    # when the check gave one: a letter bound to the same entry and this account are one voter.
    register_key = models.CharField(_("register entry (keyed hash)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("voter profile")
        verbose_name_plural = _("voter profiles")

    def __str__(self) -> str:
        return str(self.user)


class OneTimeCode(models.Model):
    """A one-time code printed on a letter, for a budget round, a poll or an agenda round. Only its
    keyed hash is stored; the code itself is shown once, when it is made (``codes.issue_codes``)."""

    neighbourhood = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    code_hash = models.CharField(max_length=64, unique=True)
    expires = models.DateField(_("valid until"), null=True, blank=True)
    used = models.BooleanField(_("used"), default=False)
    # The keyed hash of the register entry (person or address) the letter was sent to; empty for a
    # letter that is not bound (then an account and the letter can both take part).
    register_key = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True


class VoterRegister(models.Model):
    """Who took part: one keyed token per ballot, unique there, never linked to what they chose.

    A concrete register adds the foreign key to its ballot (named by ``scope``) and the unique
    ``(scope, token)`` constraint that lets exactly one ballot per token through.
    """

    scope: ClassVar[str] = "round"

    token = models.CharField(max_length=64)  # a 64-hex keyed hash, or the code's hash

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.scope)} · {self.token[:8]}"


class CountedVoterRegister(VoterRegister):
    """A register that also keeps how each voter took part and where they live, for the turnout."""

    method = models.CharField(max_length=10, choices=Access.choices)
    neighbourhood = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True


class RegisterBinding(models.Model):
    """One register entry (person or address) took part in one ballot, by whichever channel: the
    unique ``(kind, scope_id, token)`` lets exactly one of an account and a bound letter through,
    also under concurrent submissions. ``token`` is keyed per ballot, so rows of two ballots cannot
    be matched; there is no time and no link to the ballot's choices."""

    kind = models.CharField(max_length=10)  # the ballot box's kind: "pb", "poll", "agenda"
    scope_id = models.PositiveBigIntegerField()
    token = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "scope_id", "token"], name="participation_binding_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope_id} · {self.token[:8]}"


class SecretBallot(models.Model):
    """What was chosen. Random key, no time, no voter: secret by construction."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    choices = models.JSONField(_("choices"))

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


# ---------------------------------------------------------------------------------------------
# A ballot box: how one domain takes its secret ballots, described once as data. Budgets, polls and
# agenda rounds each define one (in their ``eligibility.py``): the prefix of their keyed hashes, their
# code, register and ballot tables, the field that names who may take part, and their words. Every
# function of the shared layer takes the box, so the three domains share one code path and differ
# only in this table.

Text = str | Promise  # a translatable string, translated when it is shown


@dataclass(frozen=True)
class Words:
    """What a domain calls taking part, in the resident's words (lazy: translated when shown).

    ``who`` takes ``%(area)s`` and ``%(age)s``; ``too_young`` takes ``%(age)d``.
    """

    verb: Text  # the page title: "Vote", "Answer", "Set the priorities"
    who: Text  # who may take part, above the ways to do so
    with_code: Text  # heading of the code form
    with_account: Text  # heading of the account way
    code_label: Text  # label of the code field
    login: Text  # refusals of an account ...
    unverified: Text
    too_young: Text
    outside: Text
    code_refused: Text  # one message for an unknown, used or expired code: guessing learns nothing
    already: Text  # a second ballot of the same voter
    device_used_up: Text = ""  # a device at its limit (when it may take part more than once)


# The refusals budget rounds and agenda rounds share (a poll words them as a poll).
ROUND_REFUSALS = {
    "unverified": _(
        "Your address has not been verified yet, so you cannot vote with your account."
    ),
    "too_young": _("You must be %(age)d or older to vote in this round."),
    "outside": _("Your address is not in the area of this round."),
    "code_refused": _(
        "This voting code cannot be used. Check the code on your letter or contact the "
        "municipality."
    ),
}


@dataclass(frozen=True)
class BallotBox:
    kind: str  # prefix of the keyed hashes ("pb", "poll", "agenda"): never change it, stored tokens use it
    scope: str  # the foreign key from the code, register and ballot tables to the ballot ("round", "poll")
    access_field: str  # the ballot's field that says who may take part (values of ``Access``)
    codes: type[OneTimeCode]
    register: type[VoterRegister]
    ballots: type[SecretBallot] | None  # None: the answers are not rows of one table (polls)
    voter_field: str  # the field a refusal of the voter names ("voter", "respondent")
    words: Words

    def access(self, scope: models.Model) -> str:
        return str(getattr(scope, self.access_field))

    def of(self, scope: models.Model) -> dict[str, Any]:
        """The filter for this ballot's rows: ``{"round": round}``."""
        return {self.scope: scope}

    @property
    def counts_how(self) -> bool:
        """Does the register keep how and where each voter took part (turnout)?"""
        return issubclass(self.register, CountedVoterRegister)


class CountState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class CountJob(models.Model):
    """Counting a closed ballot in the background (a budget round, a poll, an agenda round): its
    progress for the area team and the result page (which waits for it). ``kind`` is the ballot
    box's kind ("pb", "poll", "agenda") and ``scope_id`` the round's or poll's id; each ballot has at
    most one job. Voting closes the moment the job is queued."""

    kind = models.CharField(_("kind"), max_length=20)
    scope_id = models.PositiveBigIntegerField(_("round or poll"))
    state = models.CharField(
        _("state"), max_length=20, choices=CountState.choices, default=CountState.QUEUED
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("count job")
        verbose_name_plural = _("count jobs")
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope_id"], name="participation_one_count_job")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope_id} · {self.state}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def running(self) -> bool:
        return self.state in (CountState.QUEUED, CountState.RUNNING)
