from __future__ import annotations

from rest_framework import serializers

from . import selectors
from .models import Indicator, IndicatorValue, PolicyField, Programme


class PolicyFieldSerializer(serializers.ModelSerializer[PolicyField]):
    class Meta:
        model = PolicyField
        fields = ["code", "name"]


class ProgrammeSerializer(serializers.ModelSerializer[Programme]):
    policy_fields = PolicyFieldSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["number", "name", "start_year", "end_year", "policy_fields"]


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    policy_field = serializers.SlugRelatedField(slug_field="code", read_only=True)
    source_ok = serializers.SerializerMethodField(
        help_text="False when a computed indicator's source is not registered."
    )
    source_problem = serializers.SerializerMethodField(help_text="Why the source cannot deliver.")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "policy_field",
            "name",
            "definition",
            "unit",
            "higher_is_better",
            "in_documents",
            "source_kind",
            "source_key",
            "source_description",
            "source_ok",
            "source_problem",
        ]

    def get_source_ok(self, obj: Indicator) -> bool:
        return selectors.indicator_source_status(obj).ok

    def get_source_problem(self, obj: Indicator) -> str:
        return selectors.indicator_source_status(obj).reason


class IndicatorValueSerializer(serializers.ModelSerializer[IndicatorValue]):
    display = serializers.SerializerMethodField(
        help_text='The cell as the documents print it ("-" for not measured).'
    )

    source = serializers.SerializerMethodField(
        help_text="Where the value comes from: who entered it, or which source computed it."
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "year",
            "kind",
            "status",
            "number",
            "text",
            "footnote",
            "display",
            "origin",
            "computed_from",
            "source",
            "updated_at",
        ]

    def get_source(self, obj: IndicatorValue) -> str:
        return selectors.value_trace(obj)

    def get_display(self, obj: IndicatorValue) -> str:
        return selectors.value_display(obj, obj.indicator.unit)
