"""Neighbour mediation (buurtbemiddeling): a conflict between neighbours, taken on by two trained volunteer
mediators under a paid coordinator, only when both neighbours want to solve it.

Everything in a case is confidential: `selectors.case_get` is the only way to read one, and it refuses
(404) everyone but the team's coordinators and the two assigned mediators, and logs every read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Team(models.Model):
    """A mediation service (Buurtbemiddeling Groningen) and the coordinators who run it (MJD)."""

    name = models.CharField(_("name"), max_length=200)
    coordinating_organisation = models.CharField(
        _("coordinating organisation"), max_length=200, blank=True
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="mediation_teams",
        verbose_name=_("coordinators"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mediation team")
        verbose_name_plural = _("mediation teams")

    def __str__(self) -> str:
        return self.name


class Mediator(models.Model):
    """A volunteer mediator of a team: trained or not, available or not, where they live, their languages."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="mediators", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mediator_profiles",
        verbose_name=_("user"),
    )
    trained = models.BooleanField(_("trained"), default=False)
    available = models.BooleanField(_("available"), default=True)
    max_cases = models.PositiveSmallIntegerField(_("cases at a time"), default=2)
    street = models.CharField(_("street"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    max_km = models.FloatField(_("willing to travel (km)"), default=5)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["team", "user__display_name"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="mediation_mediator_once")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Kind(models.TextChoices):
    NOISE = "noise", _("noise")
    PARKING = "parking", _("parking")
    CHILDREN = "children", _("children")
    GARDENS = "gardens", _("gardens and hedges")
    PETS = "pets", _("pets")
    HARASSMENT = "harassment", _("harassment")
    OTHER = "other", _("something else")


class Source(models.TextChoices):
    RESIDENT = "resident", _("the resident")
    HOUSING = "housing", _("housing corporation")
    POLICE = "police", _("police")
    WIJ = "wij", _("WIJ team")


class State(models.TextChoices):
    REPORTED = "reported", _("reported")
    INTAKE = "intake", _("intake")
    OTHER_PARTY_ASKED = "other_party_asked", _("other party asked")
    BOTH_WILLING = "both_willing", _("both willing")
    MEDIATORS_ASSIGNED = "mediators_assigned", _("mediators assigned")
    SESSIONS = "sessions", _("in conversation")
    AGREEMENT = "agreement", _("agreement made")
    FOLLOW_UP = "follow_up", _("follow-up")
    CLOSED = "closed", _("closed")
    ESCALATED = "escalated", _("referred to professional help")
    WITHDRAWN = "withdrawn", _("stopped")


class Contact(models.TextChoices):
    LETTER = "letter", _("letter")
    VISIT = "visit", _("visit")
    PHONE = "phone", _("phone")


class Case(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REPORTED, db_index=True
    )
    kind = models.CharField(_("kind of conflict"), max_length=20, choices=Kind.choices)
    source = models.CharField(
        _("reported by"), max_length=20, choices=Source.choices, default=Source.RESIDENT
    )
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_referrals",
        verbose_name=_("referred by"),
    )
    consent = models.BooleanField(_("consent of the resident"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_reports",
        verbose_name=_("resident"),
    )
    reporter_name = models.CharField(_("name of the resident"), max_length=200, blank=True)
    reporter_address = models.CharField(_("address of the resident"), max_length=300, blank=True)
    reporter_street = models.CharField(_("street of the resident"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("phone number"), max_length=40, blank=True)
    other_party = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediation_other_party",
        verbose_name=_("other party"),
    )
    other_name = models.CharField(_("name of the neighbour"), max_length=200, blank=True)
    other_address = models.CharField(_("address of the neighbour"), max_length=300, blank=True)
    other_street = models.CharField(_("street of the neighbour"), max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    description = models.TextField(_("what happens"), blank=True)
    where = models.CharField(_("where"), max_length=300, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # Intake and the other party
    intake_note = models.TextField(_("intake note"), blank=True)
    reporter_willing = models.BooleanField(_("resident willing"), null=True, blank=True)
    contact_method = models.CharField(
        _("contact with the other party"), max_length=10, choices=Contact.choices, blank=True
    )
    contact_at = models.DateTimeField(_("contacted at"), null=True, blank=True)
    other_willing = models.BooleanField(_("other party willing"), null=True, blank=True)
    mediators = models.ManyToManyField(
        Mediator, blank=True, related_name="cases", verbose_name=_("mediators")
    )
    first_session_at = models.DateTimeField(_("first conversation"), null=True, blank=True)
    agreement = models.TextField(_("agreement"), blank=True)
    agreement_at = models.DateTimeField(_("agreement made at"), null=True, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    resolved = models.BooleanField(_("resolved"), null=True, blank=True)
    escalation_reason = models.TextField(_("reason for professional help"), blank=True)
    escalated_to = models.CharField(_("referred to"), max_length=200, blank=True)
    stop_reason = models.TextField(_("reason to stop"), blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"


class Session(models.Model):
    """A conversation with the neighbours, led by the mediators."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("case")
    )
    at = models.DateTimeField(_("date and time"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.at:%Y-%m-%d %H:%M}"
