"""Agenda priorities: the *dorpsagenda* of a village and the *sociale wijkagenda* of a district.

An :class:`Agenda` belongs to an area and holds :class:`AgendaPoint` s (*agendapunten*) proposed by
residents, partner organisations or the area team; a point appears only after moderation. In an
:class:`AgendaRound` residents support (or rank) points; the round is counted into a priority list
that the area team publishes with its turnout. Afterwards each point carries a status, an owner,
:class:`AgendaAction` s and links to the initiatives and activities that work on it, and the most
supported resident point of the round can be marked for the council's agenda (:class:`CouncilMark`).

Who took part (:class:`AgendaVoterRecord`, unique per round and voter token) is kept apart from what
they chose (:class:`AgendaBallot`: random key, no time, no voter), as for neighbourhood budgets.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sociale_basis.network.models import AgendaKind
from sociale_basis.network.vocab import Theme

from ..ballot.models import Access, CountedVoterRegister, OneTimeCode, SecretBallot, person_field


class ProposerKind(models.TextChoices):
    RESIDENT = "resident", _("a resident")
    ORGANISATION = "organisation", _("a partner organisation")
    AREA_TEAM = "area_team", _("the area team")


class PointModeration(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", pgettext_lazy("agenda point moderation", "not admitted")


class PointStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("agenda point status", "proposed")
    PRIORITISED = "prioritised", pgettext_lazy("agenda point status", "prioritised")
    IN_PROGRESS = "in_progress", pgettext_lazy("agenda point status", "in progress")
    DONE = "done", pgettext_lazy("agenda point status", "done")
    NOT_PURSUED = "not_pursued", pgettext_lazy("agenda point status", "not pursued")


class OwnerKind(models.TextChoices):
    NONE = "", pgettext_lazy("agenda point owner", "nobody yet")
    AREA_TEAM = "area_team", _("the area team")
    ORGANISATION = "organisation", _("a partner organisation")


class RoundMode(models.TextChoices):
    SUPPORT = "support", _("support points (up to a maximum)")
    RANK = "rank", _("rank points (Borda count)")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("agenda round status", "in preparation")
    OPEN = "open", pgettext_lazy("agenda round status", "open")
    CLOSED = "closed", pgettext_lazy("agenda round status", "counted, not yet published")
    PUBLISHED = "published", pgettext_lazy("agenda round status", "published")


class Agenda(models.Model):
    """The agenda of a village or district whose priorities the residents set."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    accepts_proposals = models.BooleanField(_("residents may propose points"), default=True)
    network_agenda = models.ForeignKey(
        "network.AreaAgenda",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area agenda of the network"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def __str__(self) -> str:
        return self.title


class AgendaPoint(models.Model):
    """One point (*agendapunt*) of an agenda: a theme with a description, proposed by someone.

    The proposer is shown publicly only as a kind (a resident, the area team) or by the name of the
    partner organisation; the account that submitted it is kept for moderation and never shown.
    """

    agenda = models.ForeignKey(
        Agenda, on_delete=models.CASCADE, related_name="points", verbose_name=_("agenda")
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    description = models.TextField(_("description"))
    proposer_kind = models.CharField(_("proposed by"), max_length=20, choices=ProposerKind.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposing organisation"),
    )
    submitted_by = person_field(_("submitted by"))
    moderation = models.CharField(
        _("moderation"),
        max_length=10,
        choices=PointModeration.choices,
        default=PointModeration.PENDING,
        db_index=True,
    )
    moderation_reason = models.TextField(_("reason"), blank=True)
    moderated_by = person_field(_("moderated by"))
    status = models.CharField(
        _("status"), max_length=20, choices=PointStatus.choices, default=PointStatus.PROPOSED
    )
    owner_kind = models.CharField(
        _("owner"), max_length=20, choices=OwnerKind.choices, default=OwnerKind.NONE, blank=True
    )
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning organisation"),
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        blank=True,
        related_name="agenda_points",
        verbose_name=_("initiatives working on it"),
    )
    activities = models.ManyToManyField(
        "network.Activity",
        blank=True,
        related_name="agenda_points",
        verbose_name=_("activities working on it"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agenda point")
        verbose_name_plural = _("agenda points")

    def __str__(self) -> str:
        return self.title

    @property
    def area(self):  # type: ignore[no-untyped-def]
        """For area-scoped permissions: the agenda's area."""
        return self.agenda.area


class AgendaAction(models.Model):
    """An action on an agenda point: what will be done, by when, and whether it is done."""

    point = models.ForeignKey(
        AgendaPoint, on_delete=models.CASCADE, related_name="actions", verbose_name=_("point")
    )
    text = models.CharField(_("action"), max_length=300)
    due = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("agenda action")
        verbose_name_plural = _("agenda actions")

    def __str__(self) -> str:
        return self.text


class AgendaRound(models.Model):
    """A round in which residents support or rank the points of an agenda."""

    agenda = models.ForeignKey(
        Agenda, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("agenda")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    mode = models.CharField(
        _("how residents choose"),
        max_length=10,
        choices=RoundMode.choices,
        default=RoundMode.SUPPORT,
    )
    max_choices = models.PositiveSmallIntegerField(_("maximum number of points"), default=3)
    access = models.CharField(
        _("who may take part"),
        max_length=10,
        choices=Access.choices,
        default=Access.ACCOUNT_OR_CODE,
    )
    device_limit = models.PositiveSmallIntegerField(_("limit per device"), default=1)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    prioritise_top = models.PositiveSmallIntegerField(
        _("number of points that become priorities"), default=3
    )
    closes = models.DateField(_("closes"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    points = models.ManyToManyField(
        AgendaPoint, blank=True, related_name="rounds", verbose_name=_("points on the ballot")
    )
    result = models.JSONField(
        pgettext_lazy("vote result", "result"), null=True, blank=True, editable=False
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("agenda round")
        verbose_name_plural = _("agenda rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def area(self):  # type: ignore[no-untyped-def]
        return self.agenda.area

    @property
    def locked(self) -> bool:
        """Mode, limits and access are fixed once the round opens."""
        return self.status != RoundStatus.DRAFT


class AgendaCode(OneTimeCode):
    """A one-time code from a letter for an agenda round."""

    round = models.ForeignKey(
        AgendaRound, on_delete=models.CASCADE, related_name="codes", verbose_name=_("round")
    )

    class Meta:
        verbose_name = _("agenda code")
        verbose_name_plural = _("agenda codes")

    def __str__(self) -> str:
        return f"{self.round} · {self.code_hash[:8]}"


class AgendaVoterRecord(CountedVoterRegister):
    """Who took part: a voter token per round (unique), never linked to the ballot."""

    round = models.ForeignKey(
        AgendaRound, on_delete=models.CASCADE, related_name="voter_records", verbose_name=_("round")
    )

    class Meta:
        verbose_name = _("agenda voter record")
        verbose_name_plural = _("agenda voter records")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "token"], name="participation_agenda_one_per_voter"
            )
        ]


class AgendaBallot(SecretBallot):
    """What was chosen: point id (as a string) -> 1 (support) or a rank (1 = first). Secret."""

    round = models.ForeignKey(
        AgendaRound, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("round")
    )

    class Meta(SecretBallot.Meta):
        verbose_name = _("agenda ballot")
        verbose_name_plural = _("agenda ballots")


class CouncilMark(models.Model):
    """The most supported resident point of a round, marked for the council's agenda."""

    round = models.OneToOneField(
        AgendaRound, on_delete=models.CASCADE, related_name="council_mark", verbose_name=_("round")
    )
    point = models.ForeignKey(
        AgendaPoint, on_delete=models.CASCADE, related_name="council_marks", verbose_name=_("point")
    )
    marked_by = person_field(_("marked by"))
    marked_by_name = models.CharField(_("marked by (name)"), max_length=200)
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("mark for the council's agenda")
        verbose_name_plural = _("marks for the council's agenda")

    def __str__(self) -> str:
        return f"{self.round} · {self.point}"
