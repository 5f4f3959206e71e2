from django.contrib import admin

from .models import Indicator, IndicatorRevision, IndicatorValue, SurveyWave, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ["key", "name", "order"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["key", "name", "theme", "kind", "polarity", "aggregation", "version"]
    list_filter = ["theme", "kind", "polarity"]
    readonly_fields = ["version"]


@admin.register(IndicatorRevision)
class IndicatorRevisionAdmin(admin.ModelAdmin[IndicatorRevision]):
    list_display = ["indicator", "version", "name", "created_at"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # a revision is what a published figure meant: never edited


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin[IndicatorValue]):
    list_display = ["indicator", "area", "period", "value", "lower", "upper", "n", "suppressed"]
    list_filter = ["indicator", "period", "suppressed"]
    list_select_related = ["indicator", "area"]
    raw_id_fields = ["area", "revision"]


@admin.register(SurveyWave)
class SurveyWaveAdmin(admin.ModelAdmin[SurveyWave]):
    list_display = ["label", "area_set", "period", "respondents", "synthetic"]
    exclude = ["data"]
