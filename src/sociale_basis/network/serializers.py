from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Activity,
    AgendaAction,
    AgendaItem,
    AreaAgenda,
    Network,
    NetworkMember,
    Occurrence,
    Organisation,
    Venue,
)
from .vocab import TargetGroup, Theme, text_to_codes


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class CodesField(serializers.Field):  # type: ignore[type-arg]
    """A space-delimited code list as a JSON list of codes."""

    def to_representation(self, value: str) -> list[str]:
        return text_to_codes(value)


LISTED = ["area_code", "street", "postcode", "city", "latitude", "longitude", "location_note", "phone",
          "email", "website", "themes", "target_groups", "wheelchair_accessible", "accessibility", "is_demo"]  # fmt: skip


class ListedMixin(serializers.Serializer):  # type: ignore[type-arg]
    area_code = serializers.CharField(source="area.code", read_only=True)
    themes = CodesField(help_text=f"Theme codes: {', '.join(Theme.values)}")
    target_groups = CodesField(help_text=f"Target group codes: {', '.join(TargetGroup.values)}")


class OrganisationSerializer(ListedMixin, serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "description", *LISTED]


class VenueSerializer(ListedMixin, serializers.ModelSerializer[Venue]):
    opening_hours_parsed = serializers.JSONField(
        read_only=True, help_text="Weekday (0 = Monday) to a list of [opening, closing] times."
    )

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "kind",
            "organisation",
            "description",
            "opening_hours",
            "opening_hours_parsed",
            *LISTED,
        ]


class ActivitySerializer(ListedMixin, serializers.ModelSerializer[Activity]):
    class Meta:
        model = Activity
        fields = [
            "id", "title", "description", "organisation", "venue", "start_date", "start_time", "end_time",
            "recurrence", "repeat_until", "exceptions", "cost", "cost_note", "signup_required", "signup", *LISTED,
        ]  # fmt: skip


class OccurrenceSerializer(serializers.ModelSerializer[Occurrence]):
    title = serializers.CharField(source="activity.title", read_only=True)
    venue = serializers.CharField(
        source="activity.venue.name", read_only=True, default=None, allow_null=True
    )
    area_code = serializers.CharField(source="activity.area.code", read_only=True)

    class Meta:
        model = Occurrence
        fields = ["activity", "title", "starts_at", "ends_at", "venue", "area_code"]


class OccurrenceQuerySerializer(serializers.Serializer[None]):
    start = serializers.DateField(required=False, help_text="First date; default today.")
    end = serializers.DateField(
        required=False, help_text="Last date; default six days after start."
    )
    area = serializers.CharField(
        required=False, max_length=20, help_text="An area, district or neighbourhood code."
    )
    theme = serializers.ChoiceField(choices=Theme.choices, required=False)
    target_group = serializers.ChoiceField(choices=TargetGroup.choices, required=False)
    weekday = serializers.IntegerField(
        required=False, min_value=0, max_value=6, help_text="0 = Monday."
    )
    part_of_day = serializers.ChoiceField(choices=["ochtend", "middag", "avond"], required=False)
    q = serializers.CharField(
        required=False, max_length=100, help_text="Search words (Dutch stemming)."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("start") and attrs.get("end"):
            if attrs["end"] < attrs["start"]:
                raise serializers.ValidationError(
                    {"end": "The end date must not be before the start date."}
                )
            if (attrs["end"] - attrs["start"]).days > 62:
                raise serializers.ValidationError({"end": "At most 62 days at a time."})
        return attrs


class NetworkMemberSerializer(serializers.ModelSerializer[NetworkMember]):
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = NetworkMember
        fields = ["organisation", "organisation_name", "person", "role"]


class NetworkSerializer(serializers.ModelSerializer[Network]):
    area_code = serializers.CharField(source="area.code", read_only=True)
    themes = CodesField()
    members = NetworkMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Network
        fields = ["id", "name", "area_code", "description", "themes", "note", "members", "is_demo"]


class AgendaActionSerializer(serializers.ModelSerializer[AgendaAction]):
    class Meta:
        model = AgendaAction
        fields = [
            "description",
            "owner",
            "status",
            "due_date",
            "activities",
            "initiative_reference",
            "poll_reference",
        ]


class AgendaItemSerializer(serializers.ModelSerializer[AgendaItem]):
    actions = AgendaActionSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["title", "theme", "priority", "description", "actions"]


class AreaAgendaSerializer(serializers.ModelSerializer[AreaAgenda]):
    area_code = serializers.CharField(source="area.code", read_only=True)
    items = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = AreaAgenda
        fields = ["id", "title", "kind", "year", "area_code", "network", "note", "items", "is_demo"]


class FigureSerializer(serializers.Serializer[None]):
    area_code = serializers.CharField()
    area_name = serializers.CharField()
    theme = serializers.CharField(help_text="A theme code, or empty for the total.")
    activities = serializers.IntegerField()
    venues = serializers.IntegerField()
    organisations = serializers.IntegerField()
