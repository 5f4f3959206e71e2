from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import Indicator, IndicatorValue


class MonitorIndicatorSerializer(serializers.ModelSerializer[Indicator]):
    theme = serializers.CharField(source="theme.key", read_only=True)
    theme_name = serializers.CharField(source="theme.name", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "key",
            "name",
            "theme",
            "theme_name",
            "definition",
            "source",
            "unit",
            "polarity",
            "kind",
            "aggregation",
            "scale",
            "min_n",
            "version",
            "in_compass",
        ]


class MonitorIndicatorValueSerializer(serializers.ModelSerializer[IndicatorValue]):
    indicator = serializers.CharField(source="indicator.key", read_only=True)
    area = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    level = serializers.CharField(source="area.level", read_only=True)
    year = serializers.IntegerField(
        source="area.area_set.year", read_only=True, help_text="Area set year."
    )
    definition_version = serializers.IntegerField(source="revision.version", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "area",
            "area_name",
            "level",
            "year",
            "period",
            "value",
            "numerator",
            "denominator",
            "se",
            "lower",
            "upper",
            "n",
            "suppressed",
            "reason",
            "vs_rest",
            "vs_previous",
            "aggregated",
            "boundary_changed",
            "synthetic",
            "definition_version",
        ]


class ValueQuerySerializer(serializers.Serializer[Any]):
    indicator = serializers.SlugField(required=False, help_text="Indicator key.")
    area = serializers.CharField(required=False, help_text="Area code.")
    level = serializers.ChoiceField(
        choices=["municipality", "area", "district", "neighbourhood"], required=False
    )
    period = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    year = serializers.IntegerField(
        required=False, help_text="Area set year; default the current set."
    )


class CompassQuerySerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        required=False, help_text="Area set year; default the current set."
    )
    period = serializers.IntegerField(required=False, min_value=1900, max_value=2200)
    base = serializers.IntegerField(required=False, min_value=1900, max_value=2200)


class CompassCellSerializer(serializers.Serializer[Any]):
    area = serializers.CharField()
    compass = serializers.ChoiceField(choices=["state", "development"])
    theme = serializers.CharField()
    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField()
    polarity = serializers.CharField()
    base_period = serializers.IntegerField(allow_null=True)
    base_value = serializers.FloatField(allow_null=True)
    period = serializers.IntegerField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    lower = serializers.FloatField(allow_null=True)
    upper = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(allow_null=True)
    city_value = serializers.FloatField(allow_null=True)
    index = serializers.FloatField(allow_null=True, help_text="City = 100.")
    vars()["class"] = serializers.CharField()  # a keyword in Python, a plain field name in JSON
    class_label = serializers.CharField()
    significant = serializers.BooleanField(allow_null=True)
    reason = serializers.CharField()
    synthetic = serializers.BooleanField()
