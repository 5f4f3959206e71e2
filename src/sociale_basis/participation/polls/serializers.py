"""Serializers of the read-only poll API (public fields only; no respondent data)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import Poll, Question


class QuestionSerializer(serializers.ModelSerializer[Question]):
    show_if = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Shown only after an answer to this question."
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "position",
            "kind",
            "text",
            "help_text",
            "required",
            "options",
            "min_choices",
            "max_choices",
            "scale_max",
            "low_label",
            "high_label",
            "number_min",
            "number_max",
            "show_if",
            "show_if_values",
        ]


class PollSerializer(serializers.ModelSerializer[Poll]):
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Poll
        fields = [
            "id",
            "title",
            "kind",
            "status",
            "area",
            "area_name",
            "opens_on",
            "closes_on",
            "access",
            "one_per_person",
            "min_age",
            "min_shown",
            "weighted",
            "is_demo",
        ]


class PollDetailSerializer(PollSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta(PollSerializer.Meta):
        fields = [*PollSerializer.Meta.fields, "intro", "closing_text", "questions"]


class OptionResultSerializer(serializers.Serializer[dict[str, Any]]):
    label = serializers.CharField()
    count = serializers.IntegerField()
    pct = serializers.FloatField(help_text="Percent of the respondents to the question.")
    first = serializers.IntegerField(required=False, help_text="Ranking: times ranked first.")
    mean_rank = serializers.FloatField(required=False, allow_null=True)
    points = serializers.IntegerField(required=False, help_text="Ranking: Borda points.")


class NeighbourhoodResultSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    n = serializers.IntegerField(allow_null=True, help_text="Null below the poll's minimum.")
    suppressed = serializers.BooleanField()
    pcts = serializers.ListField(child=serializers.FloatField(), required=False)
    mean = serializers.FloatField(required=False, allow_null=True)


class OpenAnswerSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    channel = serializers.CharField()


class QuestionResultSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    n = serializers.IntegerField(help_text="Respondents who answered the question.")
    mean = serializers.FloatField(required=False, allow_null=True)
    options = OptionResultSerializer(many=True, help_text="Options, scale values or number bins.")
    neighbourhoods = NeighbourhoodResultSerializer(many=True)
    open_answers = OpenAnswerSerializer(many=True, required=False, help_text="Approved only.")


class ChannelCountSerializer(serializers.Serializer[dict[str, Any]]):
    channel = serializers.CharField()
    n = serializers.IntegerField()


class PollResultSerializer(serializers.Serializer[dict[str, Any]]):
    responses = serializers.IntegerField()
    min_shown = serializers.IntegerField()
    channels = ChannelCountSerializer(many=True)
    questions = QuestionResultSerializer(many=True)
    weighting = serializers.DictField(
        allow_null=True, help_text="Weighted percentages per question id, design effect."
    )
