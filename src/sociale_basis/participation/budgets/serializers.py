"""Serializers of the read-only neighbourhood-budget API (public fields only; no voter data)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from ..ballot.serializers import TurnoutSerializer
from .models import BudgetProject, BudgetRound, SubBudget


class SubBudgetSerializer(serializers.ModelSerializer[SubBudget]):
    area = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="CBS or area code."
    )
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = SubBudget
        fields = ["id", "area", "area_name", "amount"]


class BudgetProjectSerializer(serializers.ModelSerializer[BudgetProject]):
    sub_budget = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = BudgetProject
        fields = [
            "id",
            "sub_budget",
            "title",
            "description",
            "cost",
            "status",
            "review_reason",
            "implementation",
        ]


class BudgetRoundSerializer(serializers.ModelSerializer[BudgetRound]):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    sub_budgets = SubBudgetSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetRound
        fields = [
            "id",
            "title",
            "area",
            "area_name",
            "phase",
            "rule",
            "ballot_format",
            "min_projects",
            "max_projects",
            "points_total",
            "min_age",
            "voting_closes",
            "is_demo",
            "sub_budgets",
        ]


class BudgetRoundDetailSerializer(BudgetRoundSerializer):
    projects = BudgetProjectSerializer(many=True, read_only=True)

    class Meta(BudgetRoundSerializer.Meta):
        fields = [*BudgetRoundSerializer.Meta.fields, "description", "projects"]


class BudgetPartResultSerializer(serializers.Serializer[dict[str, Any]]):
    sub_budget = serializers.IntegerField()
    area = serializers.CharField()
    budget = serializers.IntegerField()
    voters = serializers.IntegerField()
    selected = serializers.ListField(
        child=serializers.CharField(), help_text="Project ids in the order chosen."
    )
    cost = serializers.CharField(help_text="Money used, exact.")
    scores = serializers.DictField(
        child=serializers.IntegerField(), help_text="Votes or points per project id."
    )
    explanations = serializers.DictField(
        help_text="Per project id: selected, the engine's code and values."
    )
    comparison = serializers.DictField(
        help_text="Per rule: the projects it would choose and their cost."
    )


class BudgetResultSerializer(serializers.Serializer[dict[str, Any]]):
    rule = serializers.CharField()
    ballots = serializers.IntegerField()
    paper_ballots = serializers.IntegerField()
    parts = BudgetPartResultSerializer(many=True)
    turnout = TurnoutSerializer(many=True)
