"""Help between residents: requests, offers, matches, messages, safety and help circles.

Personal data is kept to what matching needs. The location used for matching is rounded (about 100 m);
the exact address lives apart in `RequestPrivate` and is shown only to the matched helper once both sides
have agreed to share contact details.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    SHOPPING = "shopping", _("shopping")
    TRANSPORT = "transport", _("transport")
    ODD_JOBS = "odd_jobs", _("odd jobs")
    COMPANY = "company", _("company or buddy")
    PAPERWORK = "paperwork", _("paperwork")
    DIGITAL = "digital", _("digital help")
    GARDEN = "garden", _("garden")
    WASTE = "waste", _("taking out the waste")
    LANGUAGE = "language", _("language practice")
    PETS = "pets", _("pets")
    RESPITE = "respite", _("respite for carers")
    OTHER = "other", _("something else")


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    DE = "de", _("German")
    AR = "ar", _("Arabic")
    TR = "tr", _("Turkish")
    PL = "pl", _("Polish")
    TI = "ti", _("Tigrinya")
    UK = "uk", _("Ukrainian")


class Need(models.TextChoices):
    """Accessibility needs of a request; an offer's capabilities use the same vocabulary."""

    WHEELCHAIR = "wheelchair", _("wheelchair accessible transport")
    SIMPLE_LANGUAGE = "simple_language", _("plain, simple language")
    HEARING = "hearing", _("hard of hearing: speak slowly and clearly")
    VISUAL = "visual", _("visually impaired")
    DEMENTIA = "dementia", _("experience with dementia")
    PET_ALLERGY = "pet_allergy", _("no pets (allergy)")


class WhenKind(models.TextChoices):
    ONCE = "once", _("once, on one date")
    WINDOW = "window", _("some time between two dates")
    RECURRING = "recurring", _("recurring, every week")
    FLEXIBLE = "flexible", _("any time suits me")


class RequestState(models.TextChoices):
    OPEN = "open", _("open")
    OFFERED = "offered", _("help offered")
    MATCHED = "matched", _("matched")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")
    REFERRED = "referred", _("referred to professional help")


class MatchState(models.TextChoices):
    OFFERED = "offered", _("offered")
    ACCEPTED = "accepted", pgettext_lazy("help offer", "accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    DONE = "done", _("done")
    FAILED = "failed", _("did not work out")


class Organisation(models.Model):
    """A volunteer organisation (buddy service, Link 050, ...) with offers and vacancies."""

    name = models.CharField(_("name"), max_length=200)
    website = models.URLField(_("website"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="helping_organisations",
        verbose_name=_("members"),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class VolunteerProfile(models.Model):
    """What the platform knows about a helper: verification (e.g. a VOG) and an optional phone number."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="helping_profile",
        verbose_name=_("user"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")

    def __str__(self) -> str:
        return str(self.user)


class _Timing(models.Model):
    """When: once (`date_start`), a window (`date_start`..`date_end`), recurring (`slots`) or flexible.

    `slots` is the engine's weekly bitmask of day-parts (bit weekday * 3 + part, Monday morning = bit 0).
    """

    when = models.CharField(_("when"), max_length=10, choices=WhenKind.choices)
    date_start = models.DateField(_("date"), null=True, blank=True)
    date_end = models.DateField(_("until"), null=True, blank=True)
    slots = models.PositiveIntegerField(_("day-parts"), default=0)
    lat = models.FloatField(_("approximate latitude"))
    lon = models.FloatField(_("approximate longitude"))
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    hidden = models.BooleanField(_("hidden after reports"), default=False)
    held = models.BooleanField(
        _("held for a coordinator's check"),
        default=False,
        help_text=_("The text seems to hold contact details; nobody else sees it until released."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class HelpRequest(_Timing):
    """A resident's request for help, posted by themselves or on their behalf."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
        verbose_name=_("posted by"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("short title"), max_length=120)
    needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    max_distance_km = models.FloatField(_("maximum distance (km)"), default=5.0)
    vulnerable = models.BooleanField(
        _("vulnerable resident"),
        default=False,
        help_text=_("Only verified volunteers see this request."),
    )
    on_behalf = models.BooleanField(_("posted on behalf of someone else"), default=False)
    via_phone = models.BooleanField(_("taken by phone by a coordinator"), default=False)
    beneficiary_name = models.CharField(
        _("first name of the person helped"), max_length=60, blank=True
    )
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_note = models.CharField(_("how consent was given"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState.choices, default=RequestState.OPEN
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)
    referral_note = models.CharField(_("referral note"), max_length=500, blank=True)
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        indexes = [
            models.Index(fields=["state", "-created_at"]),
            models.Index(fields=["area", "state"]),
            models.Index(fields=["closed_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in (RequestState.OPEN, RequestState.OFFERED)


class RequestPrivate(models.Model):
    """The exact address and phone number of a request, kept apart from everything that is listed."""

    request = models.OneToOneField(
        HelpRequest, on_delete=models.CASCADE, related_name="private", verbose_name=_("request")
    )
    address = models.CharField(_("exact address"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("private details of a request")
        verbose_name_plural = _("private details of requests")

    def __str__(self) -> str:
        return f"private details of {self.request_id}"


class HelpOffer(_Timing):
    """An offer of help by a volunteer, or by an organisation (shown beside residents' offers)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="help_offers",
        verbose_name=_("volunteer"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("short title"), max_length=120)
    categories = models.JSONField(_("categories"), default=list)
    capabilities = models.JSONField(_("can help with needs"), default=list, blank=True)
    radius_km = models.FloatField(_("distance willing to travel (km)"), default=3.0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("help offer")
        verbose_name_plural = _("help offers")
        indexes = [models.Index(fields=["active", "hidden"])]

    def __str__(self) -> str:
        return self.title


class HelpMatch(models.Model):
    """A volunteer's offer to help with one request, and what follows: acceptance, contact, follow-up."""

    request = models.ForeignKey(
        HelpRequest, on_delete=models.CASCADE, related_name="matches", verbose_name=_("request")
    )
    offer = models.ForeignKey(
        HelpOffer, on_delete=models.CASCADE, related_name="matches", verbose_name=_("offer")
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="help_matches",
        verbose_name=_("helper"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MatchState.choices, default=MatchState.OFFERED
    )
    agreed_date = models.DateField(_("agreed date"), null=True, blank=True)
    requester_shares_contact = models.BooleanField(default=False)
    helper_shares_contact = models.BooleanField(default=False)
    followup_sent_at = models.DateTimeField(null=True, blank=True)
    requester_worked_out = models.BooleanField(null=True, blank=True)
    helper_worked_out = models.BooleanField(null=True, blank=True)
    thanks = models.TextField(_("thanks"), max_length=1000, blank=True)
    thanks_at = models.DateTimeField(null=True, blank=True)
    thanks_held = models.BooleanField(default=False)
    requester_read_at = models.DateTimeField(null=True, blank=True)
    helper_read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["request", "offer"], name="helping_one_match_per_pair"),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(state__in=["accepted", "done"]),
                name="helping_one_accepted_match",
            ),
        ]
        indexes = [models.Index(fields=["state", "offer"])]

    def __str__(self) -> str:
        return f"{self.request_id} <- {self.offer_id} ({self.state})"

    @property
    def contact_shared(self) -> bool:
        return self.requester_shares_contact and self.helper_shares_contact


class Message(models.Model):
    match = models.ForeignKey(
        HelpMatch, on_delete=models.CASCADE, related_name="messages", verbose_name=_("match")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sender"),
    )
    body = models.TextField(_("message"), max_length=2000)
    contains_contact_details = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    held = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"message {self.pk}"


class Block(models.Model):
    """`blocker` does not want to see or hear from `blocked` again (both ways in matching)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helping_blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helping_blocked_by"
    )
    reason = models.TextField(_("reason (only moderators read it)"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="helping_unique_block")
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class ReportTarget(models.TextChoices):
    REQUEST = "request", _("request")
    OFFER = "offer", _("offer")
    MESSAGE = "message", _("message")
    PERSON = "person", _("person")


class ReportState(models.TextChoices):
    OPEN = "open", _("open")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Report(models.Model):
    """A report of a request, offer, message or person, for the area coordinator's moderation queue."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    target = models.CharField(_("what is reported"), max_length=10, choices=ReportTarget.choices)
    target_id = models.PositiveBigIntegerField()
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(_("reason"), max_length=1000)
    state = models.CharField(max_length=10, choices=ReportState.choices, default=ReportState.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target", "target_id"], name="helping_one_report_each"
            )
        ]
        indexes = [models.Index(fields=["target", "target_id"])]

    def __str__(self) -> str:
        return f"{self.target} {self.target_id}: {self.state}"


class Notification(models.Model):
    """An in-site notification; the same event is also e-mailed through the background worker."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helping_notifications"
    )
    kind = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    match = models.ForeignKey(HelpMatch, on_delete=models.CASCADE, null=True, blank=True)
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.kind


class Vacancy(models.Model):
    """A volunteer vacancy of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="vacancies"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    url = models.URLField(_("more information"), blank=True)
    when_text = models.CharField(_("when"), max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where"),
    )
    active = models.BooleanField(_("open for responses"), default=True)
    held = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")

    def __str__(self) -> str:
        return self.title


def _token() -> str:
    return secrets.token_urlsafe(24)


class HelpCircle(models.Model):
    """The carers, neighbours and volunteers around one person, with shared tasks and notes."""

    name = models.CharField(_("name"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="help_circles", verbose_name=_("members")
    )
    calendar_token = models.CharField(max_length=40, default=_token, unique=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CircleTask(models.Model):
    circle = models.ForeignKey(HelpCircle, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    day = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who does it"),
    )
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["day", "id"]

    def __str__(self) -> str:
        return self.title


class CircleNote(models.Model):
    circle = models.ForeignKey(HelpCircle, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(pgettext_lazy("help circle", "note"), max_length=2000)
    held = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"note {self.pk}"


class CircleInvite(models.Model):
    """A link that lets one person join a circle; nobody is added by knowing an e-mail address."""

    circle = models.ForeignKey(HelpCircle, on_delete=models.CASCADE, related_name="invites")
    token = models.CharField(max_length=40, default=_token, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invite to {self.circle_id}"


class HelpInvitation(models.Model):
    """The requester asks a suggested volunteer to look at the request."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="invitations")
    offer = models.ForeignKey(HelpOffer, on_delete=models.CASCADE, related_name="invitations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "offer"], name="helping_one_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} invites {self.offer_id}"


class RequestDraft(models.Model):
    """A request being written in steps (or an edit of a posted one): saved at every step, kept in the
    database so a session time-out loses nothing."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_request_drafts"
    )
    request = models.OneToOneField(
        HelpRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="draft"
    )
    via_phone = models.BooleanField(default=False)
    data = models.JSONField(default=dict)
    steps_done = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"draft {self.pk}"


class ApplicationState(models.TextChoices):
    PENDING = "pending", _("waiting for the coordinator")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("not approved")


class VolunteerApplication(models.Model):
    """A resident who wants to become a volunteer; the area coordinator approves (or not)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_applications"
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    motivation = models.TextField(_("why you want to help"), max_length=1000)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    wants_verification = models.BooleanField(default=False)
    state = models.CharField(
        max_length=10, choices=ApplicationState.choices, default=ApplicationState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"application {self.pk} ({self.state})"


class ReviewState(models.TextChoices):
    PENDING = "pending", _("waiting")
    RELEASED = "released", _("released")
    REFUSED = "refused", _("not released")


class TextReview(models.Model):
    """A text held because it seems to hold contact details, waiting for a coordinator's check."""

    kind = models.CharField(max_length=20)
    target_id = models.PositiveBigIntegerField()
    writer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, null=True, related_name="+")
    findings = models.JSONField(default=list)
    state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["kind", "target_id"])]

    def __str__(self) -> str:
        return f"review {self.kind} {self.target_id}"


class Suspension(models.Model):
    """A moderator's block: the person may not post, offer or write in help matching any more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helping_suspensions"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"suspension of {self.user_id}"


class VacancyResponse(models.Model):
    """A resident's response to a vacancy; the organisation reads it on the platform."""

    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vacancy_responses"
    )
    message = models.TextField(_("your message"), max_length=1000)
    share_email = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "user"], name="helping_one_response")
        ]

    def __str__(self) -> str:
        return f"response {self.pk}"
