"""Volunteering: follow-up of responses to vacancies (the vacancies themselves live in `helping`), the
volunteers an organisation placed per year, the kennisplein (courses, sessions, registrations with a
waiting list, attendance), Link extra mentors, and hours and thanks recorded with the volunteer's consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    PLACED = "placed", _("placed")
    NOT_PLACED = "not_placed", _("not placed")


class ResponseFollowUp(models.Model):
    """How the organisation follows up one response to its vacancy."""

    response = models.OneToOneField(
        "helping.VacancyResponse", on_delete=models.CASCADE, related_name="follow_up"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.NEW
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"follow-up {self.pk}: {self.status}"


class Placement(models.Model):
    """A volunteer (newly) placed by an organisation in a year: what the 4.1.2 indicator counts."""

    organisation = models.ForeignKey(
        "helping.Organisation", on_delete=models.CASCADE, related_name="placements"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="placements"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    placed_on = models.DateField(_("placed on"))
    response = models.ForeignKey(
        "helping.VacancyResponse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-placed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "volunteer", "year"], name="volunteering_one_placement"
            )
        ]

    def __str__(self) -> str:
        return f"placement {self.pk}"


class Course(models.Model):
    """A kennisplein course or training, free for every volunteer in the municipality."""

    organisation = models.ForeignKey(
        "helping.Organisation", on_delete=models.CASCADE, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    """One meeting of a course: date, place and number of places."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_at:%Y-%m-%d}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_registrations"
    )
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    attended = models.BooleanField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="volunteering_one_registration"
            )
        ]

    def __str__(self) -> str:
        return f"registration {self.pk}"


class Mentorship(models.Model):
    """A Link extra mentor who guides a volunteer in their volunteer work."""

    organisation = models.ForeignKey(
        "helping.Organisation", on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentees"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentors"
    )
    started_on = models.DateField(_("from"))
    is_demo = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "volunteer"], name="volunteering_one_mentorship"
            )
        ]

    def __str__(self) -> str:
        return f"mentorship {self.pk}"


class RecognitionConsent(models.Model):
    """The volunteer agrees that organisations record their hours and thanks and show them on their page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognition_consent"
    )
    given_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"consent {self.pk}"


class Contribution(models.Model):
    """Hours given and a word of thanks from an organisation, recorded with the volunteer's consent."""

    organisation = models.ForeignKey(
        "helping.Organisation", on_delete=models.CASCADE, related_name="contributions"
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    thanks = models.CharField(_("thanks"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"contribution {self.pk}"
