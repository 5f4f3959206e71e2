"""The indicator catalogue and its values per area and period.

An indicator is versioned: every change to what a figure means (definition, unit, aggregation, scale)
creates a new :class:`IndicatorRevision`, and each stored value points at the revision it was computed
under, so a published figure keeps the definition it was published with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sociale_basis.areas.models import Area, AreaSet


class Polarity(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("higher is better")
    HIGHER_WORSE = "higher_worse", _("higher is worse")
    NEUTRAL = "neutral", _("neutral (no good or bad)")


class Kind(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    SURVEY = "survey", _("survey")


class Aggregation(models.TextChoices):
    """How a figure goes from neighbourhood to district to area to city."""

    SUM = "sum", _("sum of the counts")
    RATIO = "ratio", _("recomputed from numerator and denominator")
    ESTIMATE = "estimate", _("estimated per area from the survey")
    NONE = "none", _("not aggregated")


class Theme(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    key = models.SlugField(_("key"), max_length=80, unique=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("theme")
    )
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    source = models.CharField(_("source"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    polarity = models.CharField(_("polarity"), max_length=20, choices=Polarity.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices)
    scale = models.FloatField(
        _("scale"),
        default=1.0,
        help_text=_("Value = scale x numerator / denominator (100 for a percentage)."),
    )
    min_n = models.PositiveIntegerField(
        _("minimum number"),
        default=0,
        help_text=_("Minimum population (registrations) or respondents (survey) to show a figure."),
    )
    cbs_key = models.CharField(
        _("CBS column"),
        max_length=200,
        blank=True,
        help_text=_(
            "CBS keys without number suffix, separated by '|', e.g. AantalInwoners|AANT_INW."
        ),
    )
    cbs_denominator_key = models.CharField(_("CBS denominator column"), max_length=200, blank=True)
    in_compass = models.BooleanField(_("in the compass"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["theme__order", "order", "key"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def cbs_keys(self) -> list[str]:
        return [k.strip() for k in self.cbs_key.split("|") if k.strip()]

    @property
    def cbs_denominator_keys(self) -> list[str]:
        return [k.strip() for k in self.cbs_denominator_key.split("|") if k.strip()]


class IndicatorRevision(models.Model):
    """What an indicator meant from a given moment: the definition a stored value was computed under."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    source = models.CharField(_("source"), max_length=300)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=20, choices=Aggregation.choices)
    scale = models.FloatField(_("scale"), default=1.0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    #: A new definition is a draft until a researcher publishes it (with the figures computed under it).
    release = models.ForeignKey(
        "Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "version"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"], name="monitor_unique_revision")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.key} v{self.version}"


class IndicatorValue(models.Model):
    """One figure: an indicator for an area in a period (year).

    Registrations hold a value and, where it is a rate, its numerator and denominator (so parents are
    recomputed, never averaged). Survey values hold the estimate with its standard error, 95% interval,
    number of respondents and the tests against the rest of the city and the previous wave.
    A suppressed value has no number, only the reason.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    revision = models.ForeignKey(IndicatorRevision, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="indicator_values", verbose_name=_("area")
    )
    period = models.PositiveSmallIntegerField(_("period"))
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    se = models.FloatField(_("standard error"), null=True, blank=True)
    lower = models.FloatField(_("lower bound"), null=True, blank=True)
    upper = models.FloatField(_("upper bound"), null=True, blank=True)
    n = models.PositiveIntegerField(_("respondents"), null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # -1 significantly lower, 0 not significantly different, +1 significantly higher; null = not tested
    vs_rest = models.SmallIntegerField(_("against the rest of the city"), null=True, blank=True)
    p_rest = models.FloatField(null=True, blank=True)
    vs_previous = models.SmallIntegerField(_("against the previous wave"), null=True, blank=True)
    p_previous = models.FloatField(null=True, blank=True)
    aggregated = models.BooleanField(_("aggregated from smaller areas"), default=False)
    boundary_changed = models.BooleanField(_("boundary changed"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    #: Imports write drafts (``published=False``, in a release); publishing the release replaces the
    #: published figure. The public pages, downloads and API read ``published=True`` only.
    published = models.BooleanField(_("published"), default=True)
    release = models.ForeignKey(
        "Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="values"
    )

    class Meta:
        ordering = ["indicator", "period", "area__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "published"], name="monitor_unique_value_v2"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.area.code} {self.period}"


class SurveyWave(models.Model):
    """One wave of survey microdata (kept as compressed columns, not as rows per respondent)."""

    area_set = models.ForeignKey(AreaSet, on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField(_("period"))
    label = models.CharField(_("label"), max_length=200)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    respondents = models.PositiveIntegerField(_("respondents"), default=0)
    data = models.BinaryField(_("microdata"))
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)
    #: Which population the wave was weighted to (year, level, margins), in words for the page.
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    population_note = models.TextField(_("population used"), blank=True)
    #: Neighbourhoods where a fallback was needed (more respondents than inhabitants, ...), as text.
    fallback_note = models.TextField(_("fallbacks"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    release = models.ForeignKey(
        "Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="waves"
    )

    class Meta:
        ordering = ["area_set", "period"]
        constraints = [
            models.UniqueConstraint(fields=["area_set", "period"], name="monitor_unique_wave")
        ]

    def __str__(self) -> str:
        return self.label

    def population_used(self) -> str:
        """Which population the wave was weighted to, in words: the CBS year (and that it is not the
        wave's own year where no figures of that year are loaded), the level and the margins."""
        if not self.population_year:
            return ""
        level, _sep, age = self.population_note.partition("|")
        if self.population_year == self.period:
            text = gettext("weighted to the CBS population of %(year)s") % {
                "year": self.population_year
            }
        else:
            text = gettext(
                "weighted to the CBS population of %(year)s (the division's figures nearest to "
                "%(period)s)"
            ) % {"year": self.population_year, "period": self.period}
        if "+" in level:
            by = (
                gettext(
                    "by neighbourhood, or district where there are no neighbourhoods, age and sex"
                )
                if age == "age"
                else gettext(
                    "by neighbourhood, or district where there are no neighbourhoods, and sex"
                )
            )
        elif level == "district":
            by = (
                gettext("by district, age and sex")
                if age == "age"
                else gettext("by district and sex (no age figures for these areas)")
            )
        else:
            by = gettext("by neighbourhood, age and sex")
        return f"{text} {by}"


class WaveChange(models.Model):
    """The test of a survey figure's change between two waves (any two, not only consecutive ones).

    ``result``: -1 significantly lower, 0 not significantly different, +1 significantly higher; null
    when not tested, with ``reason`` (a code of :mod:`monitor.reasons`). The p-value is adjusted with
    Benjamini-Hochberg within the level, the indicator and the pair of waves (as the state compass).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    base_period = models.PositiveSmallIntegerField(_("base period"))
    period = models.PositiveSmallIntegerField(_("period"))
    diff = models.FloatField(null=True, blank=True)
    se = models.FloatField(null=True, blank=True)
    covariance = models.FloatField(null=True, blank=True)
    p_value = models.FloatField(null=True, blank=True)
    p_adjusted = models.FloatField(null=True, blank=True)
    result = models.SmallIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=60, blank=True)
    published = models.BooleanField(default=True)
    release = models.ForeignKey(
        "Release", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "base_period", "period", "published"],
                name="monitor_unique_wave_change",
            )
        ]
        indexes = [models.Index(fields=["area", "base_period", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.base_period}-{self.period}"


class ReleaseState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SCHEDULED = "scheduled", _("scheduled")
    PUBLISHED = "published", _("published")
    DISCARDED = "discarded", _("discarded")


class Release(models.Model):
    """What one import (or a catalogue change) would change, kept as a draft until it is published."""

    label = models.CharField(_("label"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30)
    state = models.CharField(
        _("state"), max_length=20, choices=ReleaseState.choices, default=ReleaseState.DRAFT
    )
    area_set = models.ForeignKey(
        AreaSet, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    report = models.TextField(_("report"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.label


class JobState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class MonitorJob(models.Model):
    """A large import or a re-estimation running in the background, with its progress for the page."""

    kind = models.CharField(_("kind"), max_length=30)
    label = models.CharField(_("label"), max_length=300)
    state = models.CharField(
        _("state"), max_length=20, choices=JobState.choices, default=JobState.QUEUED
    )
    step = models.CharField(_("step"), max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    params = models.JSONField(default=dict, blank=True)
    upload = models.BinaryField(null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    problems = models.JSONField(default=list, blank=True)
    release = models.ForeignKey(
        Release, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
