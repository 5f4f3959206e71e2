"""The programme's accountability: programmes, policy fields, indicators with yearly values, the grants
register and the narrative chapters of the budget and the annual report.

The numbering and the table layout follow the municipality's documents (seeds 000, 001, 002): programme
4 > policy field 4.1.1 > indicators with *Behaald* / *Begroting* / *Beoogd* per year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The words of the documents carry the context "accountability document": other modules
# translate "Budget" differently, and Django merges all catalogues.


class Programme(models.Model):
    """A programme of the budget (*programma*), e.g. 4 Welzijn, gezondheid en zorg, with its period."""

    number = models.CharField(_("number"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="accountability_programme_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def covers(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class PolicyField(models.Model):
    """A policy field (*beleidsveld*) of a programme, e.g. 4.1.1 Actief burgerschap."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="policy_fields",
        verbose_name=_("programme"),
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("policy field")
        verbose_name_plural = _("policy fields")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SourceKind(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    MODULE = "module", _("computed from another module")
    MONITOR = "monitor", _("monitor indicator")


class Indicator(models.Model):
    """A performance indicator of a policy field, with its definition and where its values come from.

    For `module` and `monitor` sources, `source_key` names a provider in the registry
    (`sociale_basis.accountability.registry`); a key nobody registered is flagged, not guessed.
    """

    policy_field = models.ForeignKey(
        PolicyField,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("policy field"),
    )
    name = models.CharField(_("name"), max_length=400)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source_kind = models.CharField(_("source"), max_length=10, choices=SourceKind.choices)
    source_key = models.CharField(_("source key"), max_length=100, blank=True)
    source_description = models.CharField(
        _("source description"),
        max_length=300,
        blank=True,
        help_text=_("Who supplies the figure, e.g. Humanitas's annual report."),
    )
    in_documents = models.BooleanField(
        _("in the budget and annual report"),
        default=True,
        help_text=_("Shown in the indicator table of the chapters."),
    )
    higher_is_better = models.BooleanField(
        _("higher is better"),
        default=True,
        help_text=_("Used to check a numeric realisation against its target."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["policy_field__code", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class ValueKind(models.TextChoices):
    """The columns of the documents' indicator tables."""

    ACHIEVED = "achieved", pgettext_lazy("accountability document", "Achieved")
    BUDGETED = "budgeted", pgettext_lazy("accountability document", "Budget")
    TARGET = "target", pgettext_lazy("accountability document", "Target")


class ValueStatus(models.TextChoices):
    NUMBER = "number", _("number")
    INCREASE = "increase", _("increase")
    DECREASE = "decrease", _("decrease")
    TEXT = "text", _("text")
    NOT_MEASURED = "not_measured", _("not measured")
    PENDING = "pending", _("not yet known")


class ValueOrigin(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    COMPUTED = "computed", _("computed")


class IndicatorValue(models.Model):
    """One cell of the indicator table: an indicator's achieved, budgeted or target value for a year.

    "Not measured" and "not yet known" are states of their own with no number, so they are never
    mistaken for zero.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=ValueKind.choices)
    status = models.CharField(_("status"), max_length=15, choices=ValueStatus.choices)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    #: The 95% interval of a survey estimate (the monitor's figures); empty for counts and hand entries.
    lower = models.DecimalField(
        _("lower bound"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    upper = models.DecimalField(
        _("upper bound"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    footnote = models.CharField(_("footnote"), max_length=500, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=ValueOrigin.choices)
    # The registry key a computed value came from; the readable trace is built when shown, in the
    # reader's language (selectors.value_trace).
    computed_from = models.CharField(_("computed from"), max_length=100, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["indicator", "year", "kind"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "kind"], name="accountability_one_value_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(status="number", number__isnull=False)
                | (~models.Q(status="number") & models.Q(number__isnull=True)),
                name="accountability_number_only_for_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} {self.kind}"


class Organisation(models.Model):
    """An organisation that receives grants (Humanitas, Link 050, a community centre)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Grant(models.Model):
    """A grant (*subsidie*) to an organisation for a year, policy field and purpose."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("organisation"),
    )
    policy_field = models.ForeignKey(
        PolicyField, on_delete=models.PROTECT, related_name="grants", verbose_name=_("policy field")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    purpose = models.CharField(_("purpose"), max_length=400)
    amount = models.DecimalField(_("amount (euro)"), max_digits=12, decimal_places=2)
    decision = models.CharField(_("decision"), max_length=200)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    account = models.CharField(_("account"), max_length=50)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["year", "policy_field__code", "organisation__name", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="accountability_grant_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class DocumentKind(models.TextChoices):
    BUDGET = "budget", pgettext_lazy("accountability document", "Budget")
    ANNUAL_REPORT = "annual_report", pgettext_lazy("accountability document", "Annual report")


class ChapterState(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")


class Chapter(models.Model):
    """The section of a policy field in the budget or the annual report of one year.

    Its texts live in versions; `published_version` is what everyone reads, while policy officers
    work on newer versions. The table's columns are stored per chapter because the documents vary
    them (budget 2018 shows 2015-2018, budget 2019 of 4.1.2 only the targets for 2019 and 2020).
    """

    policy_field = models.ForeignKey(
        PolicyField,
        on_delete=models.PROTECT,
        related_name="chapters",
        verbose_name=_("policy field"),
    )
    kind = models.CharField(_("document"), max_length=15, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    columns = models.JSONField(
        _("table columns"), default=list, help_text=_("A list of [kind, year] pairs.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ChapterState.choices, default=ChapterState.DRAFT
    )
    published_version = models.ForeignKey(
        "ChapterVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )

    class Meta:
        ordering = ["policy_field__code", "year", "kind"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["policy_field", "kind", "year"], name="accountability_one_chapter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy_field.code} {self.get_kind_display()} {self.year}"


class ChapterVersion(models.Model):
    """One saved version of a chapter's texts. Versions are never changed, only added."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="versions", verbose_name=_("chapter")
    )
    number = models.PositiveIntegerField(_("version"))
    intro = models.TextField(_("introduction"), blank=True)
    indicator_intro = models.TextField(_("text above the indicator table"), blank=True)
    situation = models.TextField(_("How are we doing?"), blank=True)
    goals = models.TextField(_("What do we want to achieve?"), blank=True)
    activities = models.TextField(_("What will we do / what have we done?"), blank=True)
    conclusion = models.TextField(_("Conclusion"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The indicator table as it was when this version was published; published chapters are read
    # from here, so a later correction of a value does not change a published document silently.
    table_snapshot = models.JSONField(_("table at publication"), null=True, blank=True)

    class Meta:
        ordering = ["chapter", "-number"]
        verbose_name = _("chapter version")
        verbose_name_plural = _("chapter versions")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "number"], name="accountability_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chapter} v{self.number}"


class ChapterEvent(models.Model):
    """The history of a chapter's workflow: who moved it from which state to which, and when."""

    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="events", verbose_name=_("chapter")
    )
    from_state = models.CharField(_("from"), max_length=10, choices=ChapterState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=ChapterState.choices)
    version_number = models.PositiveIntegerField(_("version"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["chapter", "at", "pk"]
        verbose_name = _("chapter event")
        verbose_name_plural = _("chapter events")

    def __str__(self) -> str:
        return f"{self.chapter} {self.from_state} -> {self.to_state}"
