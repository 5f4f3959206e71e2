"""The shared voting tables: who may take part, the verified voter profile, and the abstract shapes of
one-time codes, the voter register and a secret ballot (each domain has its own concrete tables).

Who took part is kept apart from what they chose: a register row holds a keyed token that is unique
per ballot (a budget round, a poll, an agenda round) and no link to the ballot; a ballot has a random
key, no time and no voter, so the two tables cannot be joined again.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def person_field(verbose_name: str | None = None) -> models.ForeignKey:
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


class SecretBallot(models.Model):
    """What was chosen. Random key, no time, no voter: secret by construction."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    choices = models.JSONField(_("choices"))

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)
