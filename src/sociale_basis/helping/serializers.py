"""Serializers of the open, read-only helping API: aggregates only, never a person's data."""

from __future__ import annotations

from rest_framework import serializers


class NeighbourhoodFiguresSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.CharField(help_text="CBS neighbourhood code, e.g. BU00140000.")
    name = serializers.CharField()
    requests = serializers.IntegerField(help_text="Requests posted in the period.")
    matched = serializers.IntegerField(help_text="Of these, requests that found a helper.")
    share_matched = serializers.FloatField(allow_null=True, help_text="matched / requests.")
    median_hours_to_match = serializers.FloatField(
        allow_null=True, help_text="Median hours from posting to an accepted helper."
    )
    active_volunteers = serializers.IntegerField(
        help_text="Distinct volunteers with an accepted or finished match in the neighbourhood."
    )


class FiguresQuerySerializer(serializers.Serializer):  # type: ignore[type-arg]
    since = serializers.DateField(
        required=False, help_text="Requests posted on or after this date."
    )
    until = serializers.DateField(required=False, help_text="Requests posted before this date.")

    def validate(self, attrs: dict) -> dict:  # type: ignore[type-arg]
        if attrs.get("since") and attrs.get("until") and attrs["until"] <= attrs["since"]:
            raise serializers.ValidationError({"until": "must lie after since"})
        return attrs
