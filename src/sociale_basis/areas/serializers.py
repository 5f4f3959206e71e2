from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .models import Area, Level


class AreaSerializer(serializers.ModelSerializer[Area]):
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="The parent's code."
    )
    year = serializers.IntegerField(source="area_set.year", read_only=True)

    class Meta:
        model = Area
        fields = ["code", "name", "level", "year", "parent", "is_village", "population"]


class AreaDetailSerializer(AreaSerializer):
    children = serializers.SerializerMethodField()
    bbox = serializers.SerializerMethodField()

    class Meta(AreaSerializer.Meta):
        fields = [*AreaSerializer.Meta.fields, "figures", "children", "bbox"]

    def get_children(self, obj: Area) -> list[str]:
        return [c.code for c in obj.children.all()]

    def get_bbox(self, obj: Area) -> list[float] | None:
        if obj.min_lon is None:
            return None
        return [obj.min_lon, obj.min_lat, obj.max_lon, obj.max_lat]  # type: ignore[list-item]


class AreaListQuerySerializer(serializers.Serializer[None]):
    year = serializers.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Area set year; default the current set."),
    )
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    parent = serializers.CharField(
        required=False, max_length=20, help_text=_("Only the children of this code.")
    )


class PointQuerySerializer(serializers.Serializer[None]):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    level = serializers.ChoiceField(
        choices=Level.choices, required=False, default=Level.NEIGHBOURHOOD
    )
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)
