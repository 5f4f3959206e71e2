"""News items per area and theme, and who follows which area or theme.

An item is written by an area team member (published at once or kept as a draft), by an organisation
member (submitted, then checked and published by the area team) or by the platform (administrators).
Titles and bodies are plain text (core/forms.py); the page shows the body's paragraphs as written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    GENERAL = "general", _("Neighbourhood news")
    ACTIVITIES = "activities", _("Activities and meeting")
    CARE = "care", _("Care and wellbeing")
    YOUTH = "youth", _("Children and young people")
    SAFETY = "safety", _("Safety and living together")
    LIVING = "living", _("Housing and public space")
    PARTICIPATION = "participation", _("Having a say")


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("waiting for the area team's check")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("withdrawn")


class Source(models.TextChoices):
    AREA_TEAM = "area_team", _("area team")
    ORGANISATION = "organisation", _("organisation")
    PLATFORM = "platform", _("Sociale Basis")


class NewsItem(models.Model):
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="news_items", verbose_name=_("area")
    )
    theme = models.CharField(
        _("theme"), max_length=20, choices=Theme.choices, default=Theme.GENERAL
    )
    title = models.CharField(_("title"), max_length=140)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    source = models.CharField(_("from"), max_length=20, choices=Source.choices)
    organisation_name = models.CharField(_("organisation"), max_length=140, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_note = models.CharField(_("remark of the area team"), max_length=500, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["state", "area", "published_at"])]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Follow(models.Model):
    """A resident follows an area (its news and what is new there) or a theme (its news everywhere).

    `digest` is whether the weekly e-mail comes; one click on the link in a digest turns it off for all
    of the resident's follows, which stay (they still show in "Mijn buurt").
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_follows"
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    theme = models.CharField(max_length=20, choices=Theme.choices, blank=True)
    digest = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="news_follow_area_once",
                                    condition=models.Q(area__isnull=False)),
            models.UniqueConstraint(fields=["user", "theme"], name="news_follow_theme_once",
                                    condition=models.Q(area__isnull=True)),
            models.CheckConstraint(
                condition=(models.Q(area__isnull=False) & models.Q(theme=""))
                | (models.Q(area__isnull=True) & ~models.Q(theme="")),
                name="news_follow_area_or_theme",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.area.name if self.area else self.get_theme_display()


class DigestRun(models.Model):
    """One weekly run: when, how many e-mails were queued, in how many batches."""

    started_at = models.DateTimeField(auto_now_add=True)
    since = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)
    renders = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d}: {self.recipients}"
