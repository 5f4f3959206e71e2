"""Serializers of the read-only agenda API (public fields only: no proposer accounts, no voter data)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..ballot.serializers import TurnoutSerializer
from .models import Agenda, AgendaAction, AgendaPoint, AgendaRound, CouncilMark


class AgendaPointActionSerializer(serializers.ModelSerializer[AgendaAction]):
    class Meta:
        model = AgendaAction
        fields = ["id", "text", "due", "done"]


class AgendaPointSerializer(serializers.ModelSerializer[AgendaPoint]):
    proposed_by = serializers.SerializerMethodField(
        help_text="“resident”, “area_team” or the name of the proposing organisation."
    )
    owner = serializers.SerializerMethodField(
        help_text="Empty, “area_team” or the name of the owning organisation."
    )
    actions = AgendaPointActionSerializer(many=True, read_only=True)
    initiatives = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    activities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AgendaPoint
        fields = [
            "id",
            "title",
            "theme",
            "description",
            "proposer_kind",
            "proposed_by",
            "status",
            "owner",
            "actions",
            "initiatives",
            "activities",
        ]

    def get_proposed_by(self, obj: AgendaPoint) -> str:
        if obj.proposer_kind == "organisation" and obj.organisation:
            return obj.organisation.name
        return obj.proposer_kind

    def get_owner(self, obj: AgendaPoint) -> str:
        if obj.owner_kind == "organisation" and obj.owner_organisation:
            return obj.owner_organisation.name
        return obj.owner_kind


class CouncilMarkSerializer(serializers.ModelSerializer[CouncilMark]):
    class Meta:
        model = CouncilMark
        fields = ["point", "marked_by_name", "marked_at", "note"]


class AgendaRoundSerializer(serializers.ModelSerializer[AgendaRound]):
    council_mark = serializers.SerializerMethodField()

    class Meta:
        model = AgendaRound
        fields = [
            "id",
            "agenda",
            "title",
            "description",
            "mode",
            "max_choices",
            "access",
            "min_age",
            "status",
            "closes",
            "opened_at",
            "closed_at",
            "published_at",
            "is_demo",
            "council_mark",
        ]

    def get_council_mark(self, obj: AgendaRound) -> dict[str, Any] | None:
        mark = CouncilMark.objects.filter(round=obj).first()
        return dict(CouncilMarkSerializer(mark).data) if mark else None


class AgendaSerializer(serializers.ModelSerializer[Agenda]):
    kind = serializers.CharField(
        read_only=True, help_text="`wijk` (social agenda of a district) or `dorp` (village agenda)."
    )
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Agenda
        fields = ["id", "title", "kind", "area", "area_name", "description", "is_demo"]


class AgendaDetailSerializer(AgendaSerializer):
    points = AgendaPointSerializer(many=True, read_only=True, source="public_points")

    class Meta(AgendaSerializer.Meta):
        fields = [*AgendaSerializer.Meta.fields, "points"]


class PriorityRowSerializer(serializers.Serializer[dict[str, Any]]):
    point = serializers.IntegerField()
    title = serializers.CharField()
    proposer_kind = serializers.CharField()
    score = serializers.IntegerField(help_text="Supporters (support mode) or Borda points (rank).")
    supporters = serializers.IntegerField(help_text="Participants who chose or ranked the point.")
    firsts = serializers.IntegerField(help_text="Rank mode: first places.")
    position = serializers.IntegerField()
    rank = serializers.IntegerField(help_text="Shared by tied points.")
    tied = serializers.BooleanField()


class PriorityListSerializer(serializers.Serializer[dict[str, Any]]):
    mode = serializers.CharField()
    max_choices = serializers.IntegerField()
    voters = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    share = serializers.FloatField(allow_null=True, help_text="Percent of the inhabitants.")
    methods = serializers.DictField(child=serializers.IntegerField())
    turnout = TurnoutSerializer(many=True)
    rows = PriorityRowSerializer(many=True)
