from __future__ import annotations

from rest_framework import serializers

from .models import Call, Initiative


class CallSerializer(serializers.ModelSerializer[Call]):
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "slug",
            "kind",
            "title",
            "description",
            "themes",
            "budget_cents",
            "max_request_cents",
            "opens_at",
            "deadline",
            "decision_by",
            "eligibility_rules",
            "is_demo",
        ]


class ShowcaseInitiativeSerializer(serializers.ModelSerializer[Initiative]):
    """Only what an initiator agreed to publish: no personal data beyond the public name."""

    call = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    neighbourhood = serializers.CharField(source="area.code", read_only=True, allow_null=True)
    year = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "call",
            "title",
            "initiator_name",
            "initiator_kind",
            "idea",
            "goal",
            "theme",
            "neighbourhood",
            "requested_cents",
            "own_money_cents",
            "volunteer_hours",
            "state",
            "year",
            "is_demo",
        ]

    def get_year(self, obj: Initiative) -> int | None:
        return obj.decided_at.year if obj.decided_at else None


class NeighbourhoodFigureSerializer(serializers.Serializer[dict]):
    neighbourhood = serializers.CharField(source="area__code")
    name = serializers.CharField(source="area__name")
    year = serializers.IntegerField(allow_null=True)
    initiatives = serializers.IntegerField()
    committed_cents = serializers.IntegerField(allow_null=True)


class ThemeFigureSerializer(serializers.Serializer[dict]):
    theme = serializers.CharField(source="theme__slug", allow_null=True)
    name = serializers.CharField(source="theme__name", allow_null=True)
    year = serializers.IntegerField(allow_null=True)
    initiatives = serializers.IntegerField()
    committed_cents = serializers.IntegerField(allow_null=True)


class BudgetFigureSerializer(serializers.Serializer[dict]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    year = serializers.IntegerField()
    area_code = serializers.CharField(allow_null=True)
    amount_cents = serializers.IntegerField()
    committed_cents = serializers.IntegerField()
    paid_cents = serializers.IntegerField()
    remaining_cents = serializers.IntegerField()


class FigureQuerySerializer(serializers.Serializer[None]):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
