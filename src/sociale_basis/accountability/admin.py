"""Staff admin for the programme structure. Chapter texts, values and grants are entered through the
module's own pages (services with their checks); here they are read-only."""

from django.contrib import admin

from .models import (
    Chapter,
    ChapterVersion,
    Grant,
    Indicator,
    IndicatorValue,
    Organisation,
    PolicyField,
    Programme,
)


class PolicyFieldInline(admin.TabularInline):
    model = PolicyField
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "start_year", "end_year"]
    inlines = [PolicyFieldInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "policy_field", "source_kind", "source_key", "in_documents", "order"]
    list_filter = ["policy_field", "source_kind", "in_documents"]
    search_fields = ["name", "source_key"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "kind", "status", "number", "origin", "updated_at"]
    list_filter = ["kind", "status", "origin", "year"]
    list_select_related = ["indicator"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "year",
        "policy_field",
        "amount",
        "decision",
        "account",
        "is_demo",
    ]
    list_filter = ["year", "policy_field", "is_demo"]
    list_select_related = ["organisation", "policy_field"]
    search_fields = ["organisation__name", "purpose", "decision"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class VersionInline(admin.TabularInline):
    model = ChapterVersion
    fields = ["number", "author", "created_at", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Chapter)
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["policy_field", "kind", "year", "state", "published_version"]
    list_filter = ["kind", "state", "year"]
    readonly_fields = ["state", "published_version"]
    inlines = [VersionInline]
