"""Admin for agenda priorities. Ballots, voter records and codes are not shown: they stay secret."""

from django.contrib import admin

from .models import Agenda, AgendaAction, AgendaPoint, AgendaRound, CouncilMark


@admin.register(Agenda)
class AgendaAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "area", "accepts_proposals", "is_demo"]
    list_filter = ["kind"]
    raw_id_fields = ["area", "network_agenda"]


class AgendaActionInline(admin.TabularInline):
    model = AgendaAction
    extra = 0


@admin.register(AgendaPoint)
class AgendaPointAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda", "theme", "proposer_kind", "moderation", "status"]
    list_filter = ["moderation", "status", "proposer_kind"]
    raw_id_fields = [
        "agenda",
        "organisation",
        "owner_organisation",
        "submitted_by",
        "moderated_by",
        "initiatives",
        "activities",
    ]
    inlines = [AgendaActionInline]


@admin.register(AgendaRound)
class AgendaRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "agenda", "mode", "access", "status", "is_demo"]
    list_filter = ["status", "mode", "access"]
    raw_id_fields = ["agenda", "points"]
    readonly_fields = ["result", "opened_at", "closed_at", "published_at"]


@admin.register(CouncilMark)
class CouncilMarkAdmin(admin.ModelAdmin):
    list_display = ["point", "round", "marked_by_name", "marked_at"]
    raw_id_fields = ["round", "point", "marked_by"]
