"""Serializers shared by the read-only APIs of budget rounds and agenda rounds."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class TurnoutSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField()
    voters = serializers.IntegerField(
        allow_null=True, help_text="Null below 10 voters (secret ballot)."
    )
    share = serializers.FloatField(allow_null=True, help_text="Percent of the inhabitants.")
