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
    # True for an area without children in its set: the finest level there (a buurt, or a wijk where the
    # set has no buurten, as in 2024 for Haren, Ten Boer and the villages). Records are placed on these.
    # Kept by every import (services.area_set_refresh); an area set may have uneven depth.
    is_leaf = models.BooleanField(_("finest level"), default=True, db_index=True)
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


class AreaLink(models.Model):
    """Where an area of an earlier division lies in a later one: by its representative point.

    Each 2017 buurt is linked to the 2024 area that holds its representative point (a point guaranteed
    inside the polygon). A trend or comparison across the two divisions says which areas it joins.
    """

    earlier = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="links_later", verbose_name=_("earlier area")
    )
    later = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="links_earlier", verbose_name=_("later area")
    )
    method = models.CharField(_("method"), max_length=40, default="representative_point")
    lon = models.FloatField(_("longitude"))
    lat = models.FloatField(_("latitude"))

    class Meta:
        verbose_name = _("area link")
        verbose_name_plural = _("area links")
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="areas_unique_link"),
        ]

    def __str__(self) -> str:
        return f"{self.earlier.code} -> {self.later.code}"


class Postcode(models.Model):
    """Which area a six-character postcode (9717AB) lies in, from the CBS table "postcode huisnummer
    buurt". A postcode that spans two areas has a row for each, with the number of addresses."""

    area_set = models.ForeignKey(
        AreaSet, on_delete=models.CASCADE, related_name="postcodes", verbose_name=_("area set")
    )
    postcode = models.CharField(_("postcode"), max_length=6)
    area = models.ForeignKey(
        Area, on_delete=models.CASCADE, related_name="postcodes", verbose_name=_("area")
    )
    addresses = models.PositiveIntegerField(_("addresses"), default=0)

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [
            models.UniqueConstraint(
                fields=["area_set", "postcode", "area"], name="areas_unique_postcode_area"
            ),
        ]
        indexes = [models.Index(fields=["area_set", "postcode"])]

    def __str__(self) -> str:
        return f"{self.postcode} {self.area.code}"
