"""The social map: organisations, venues, activities (with materialised occurrences), area networks
with meetings and actions, and area agendas."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .vocab import TargetGroup, Theme, labels


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("waiting for a check")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Listed(models.Model):
    """What organisations, venues and activities share: area, address, contact, vocabularies, status."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    # Codes from the municipality down to the area ("GM0014/GB-OOST/WK001411/BU00141100/"), so a filter
    # on any ancestor is a prefix match without walking the hierarchy.
    area_path = models.CharField(max_length=120, editable=False, db_index=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    location_note = models.CharField(_("note on the location"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    themes = models.CharField(_("themes"), max_length=300, blank=True)
    target_groups = models.CharField(_("target groups"), max_length=300, blank=True)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    accessibility = models.TextField(_("accessibility"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Changed by its organisation after publication: live at once, the area team looks afterwards.
    changed_after_check = models.BooleanField(
        _("changed since the area team's check"), default=False, editable=False
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def theme_labels(self) -> list[str]:
        return labels(self.themes, Theme)

    @property
    def target_group_labels(self) -> list[str]:
        return labels(self.target_groups, TargetGroup)

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street, f"{self.postcode} {self.city}".strip()] if p)


class OrganisationKind(models.TextChoices):
    FORMAL = "formal", _("formal partner")
    INFORMAL = "informal", _("informal partner")


class Organisation(Listed):
    """A formal or informal partner: WIJ, a church, a residents' association, a sports club."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.FORMAL
    )
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="network_organisations",
        verbose_name=_("people who maintain the entry"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name


class VenueKind(models.TextChoices):
    COMMUNITY_CENTRE = "buurthuis", _("community centre")
    MFC = "mfc", _("multifunctional centre")
    VILLAGE_HALL = "dorpshuis", _("village hall")
    MEETING_POINT = "ontmoetingsplek", _("meeting point")
    CHURCH = "kerk", _("church")
    SPORTS = "sport", _("sports venue")
    LIBRARY = "bibliotheek", _("library")
    CARE = "zorglocatie", _("care home")
    OTHER = "anders", _("other")


class Venue(Listed):
    """A community building or meeting place, with its opening hours."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("managed by"),
    )
    description = models.TextField(_("description"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=300,
        blank=True,
        help_text=_("For example: ma-vr 09:00-17:00; zo 13:00-17:00"),
    )
    # The parsed form of opening_hours: {"0": [["09:00", "17:00"]], ...} with 0 = Monday.
    opening_hours_parsed = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name


class Activity(Listed):
    """A one-off or recurring activity at a venue or outdoors.

    Recurrence is an RFC 5545 RRULE (without DTSTART) on top of start_date, with exception dates.
    Its dates are materialised in `Occurrence` for a rolling window, so search is a plain query.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organised by"),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("venue"),
        help_text=_("Leave empty for an activity outdoors."),
    )
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    recurrence = models.CharField(
        _("recurrence rule"),
        max_length=300,
        blank=True,
        help_text=_("Empty for a one-off activity; otherwise an iCalendar rule."),
    )
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    exceptions = models.JSONField(_("dates it does not take place"), default=list, blank=True)
    cost = models.DecimalField(_("cost in euros"), max_digits=7, decimal_places=2, default=0)
    cost_note = models.CharField(_("note on the cost"), max_length=200, blank=True)
    signup_required = models.BooleanField(_("sign-up required"), default=False)
    signup = models.CharField(
        _("how to sign up"), max_length=300, blank=True, help_text=_("A link, phone or e-mail.")
    )
    # Full-text search: Snowball-stemmed Dutch tokens (" fiets buurt ") for SQLite, and a tsvector
    # with the 'dutch' configuration (GIN-indexed, PostgreSQL only) kept up to date by the services.
    search_stems = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def is_free(self) -> bool:
        return not self.cost


class Occurrence(models.Model):
    """One date of an activity inside the rolling window; rebuilt whenever the activity changes."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("activity")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # Local date, weekday (0 = Monday) and start time, so the day and time filters need no timezone maths.
    date = models.DateField(_("date"))
    weekday = models.PositiveSmallIntegerField(_("weekday"))
    start_time = models.TimeField(_("start time"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        indexes = [
            models.Index(fields=["date", "start_time"]),
            models.Index(fields=["activity", "starts_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.starts_at:%Y-%m-%d %H:%M}"


class Network(models.Model):
    """An area network: professionals and volunteers who meet about the social basis of an area."""

    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    description = models.TextField(_("description"), blank=True)
    themes = models.CharField(_("themes"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name

    @property
    def theme_labels(self) -> list[str]:
        return labels(self.themes, Theme)


class NetworkMember(models.Model):
    """An organisation or a person (a resident, a culture coach) taking part in a network."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="members", verbose_name=_("network")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    person = models.CharField(_("person"), max_length=200, blank=True)
    role = models.CharField(_("role in the network"), max_length=200, blank=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["organisation__name", "person"]
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(organisation__isnull=True, person=""),
                name="network_member_organisation_or_person",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="network_member_once_per_network",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name if self.organisation else self.person


class Meeting(models.Model):
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("network")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class NetworkAction(models.Model):
    """An action agreed in a network meeting, with an owner and a due date."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="actions", verbose_name=_("network")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("meeting"),
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(_("created at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("network action")
        verbose_name_plural = _("network actions")

    def __str__(self) -> str:
        return self.description


class AgendaKind(models.TextChoices):
    DISTRICT = "wijk", _("social agenda of a district")
    VILLAGE = "dorp", _("village agenda")


class AreaAgenda(models.Model):
    """The social agenda of a district or the agenda of a village: its themes with priorities."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=AgendaKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agendas",
        verbose_name=_("network"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("area agenda")
        verbose_name_plural = _("area agendas")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One theme of an area agenda, with its priority (1 = highest)."""

    agenda = models.ForeignKey(
        AreaAgenda, on_delete=models.CASCADE, related_name="items", verbose_name=_("agenda")
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=30, choices=Theme.choices)
    priority = models.PositiveSmallIntegerField(_("priority"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["priority", "title"]
        verbose_name = _("agenda theme")
        verbose_name_plural = _("agenda themes")

    def __str__(self) -> str:
        return self.title


class AgendaAction(models.Model):
    """An action on an agenda theme, with its owner and status, and what works on it."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="actions", verbose_name=_("agenda theme")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.CharField(_("owner"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="agenda_actions", verbose_name=_("activities")
    )
    # Plain references: the initiatives and polls apps own those records (no model import here).
    initiative_reference = models.CharField(_("initiative (reference)"), max_length=200, blank=True)
    poll_reference = models.CharField(_("poll (reference)"), max_length=200, blank=True)
    round_reference = models.CharField(
        _("agenda-priority round (reference)"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("agenda action")
        verbose_name_plural = _("agenda actions")

    def __str__(self) -> str:
        return self.description

    @property
    def references(self) -> list[tuple[str, str, str]]:
        """(kind, text, link) of the initiative, poll and agenda-priority round it refers to; the link
        is the reference itself when it is a site path or a web address, else empty."""
        result = []
        for label, value in (
            (_("Initiative"), self.initiative_reference),
            (_("Poll"), self.poll_reference),
            (_("Agenda-priority round"), self.round_reference),
        ):
            if value:
                on_site = value.startswith("/") and not value.startswith("//")
                link = value if on_site or value.startswith(("https://", "http://")) else ""
                result.append((str(label), value, link))
        return result
