"""The municipality's geography: versioned area sets with municipality > area > district > neighbourhood."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaSet(models.Model):
    """One version of the geography, usually a year of the CBS Wijk- en Buurtkaart."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=500, blank=True)
    is_current = models.BooleanField(
        _("current"), default=False, help_text=_("The area set shown by default.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("area set")
        verbose_name_plural = _("area sets")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="areas_one_current_area_set",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Level(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    AREA = "area", _("area")
    DISTRICT = "district", _("district")
    NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")


LEVEL_ORDER = [Level.MUNICIPALITY, Level.AREA, Level.DISTRICT, Level.NEIGHBOURHOOD]


class Area(models.Model):
    """A municipality, an area-team area (gebied), a district (wijk) or a neighbourhood (buurt).

    CBS codes are strings (`GM0014`, `WK001401`, `BU00140100`); the municipality's own areas carry
    codes of its own choosing. Key figures are stored as CBS publishes them, missing values as null.
    """

    area_set = models.ForeignKey(
        AreaSet, on_delete=models.CASCADE, related_name="areas", verbose_name=_("area set")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    is_village = models.BooleanField(_("village"), default=False)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    figures = models.JSONField(_("key figures"), default=dict, blank=True)
    geometry = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    # Bounding box in WGS84, for a quick first filter in point lookup and for map extents.
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.UniqueConstraint(fields=["area_set", "code"], name="areas_unique_code_per_set"),
        ]
        indexes = [models.Index(fields=["area_set", "level"]), models.Index(fields=["code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
