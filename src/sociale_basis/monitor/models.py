"""The indicator catalogue and its values per area and period.

An indicator is versioned: every change to what a figure means (definition, unit, aggregation, scale)
creates a new :class:`IndicatorRevision`, and each stored value points at the revision it was computed
under, so a published figure keeps the definition it was published with.
"""

from __future__ import annotations

from django.db import models
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

    class Meta:
        ordering = ["indicator", "period", "area__code"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period"], name="monitor_unique_value"
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

    class Meta:
        ordering = ["area_set", "period"]
        constraints = [
            models.UniqueConstraint(fields=["area_set", "period"], name="monitor_unique_wave")
        ]

    def __str__(self) -> str:
        return self.label
