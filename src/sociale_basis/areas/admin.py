from django.contrib import admin

from .models import Area, AreaSet


@admin.register(AreaSet)
class AreaSetAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "is_current", "updated_at"]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """Staff edit the municipality's own grouping here: a district's parent is its area-team area."""

    list_display = ["code", "name", "level", "parent", "population", "area_set"]
    list_filter = ["area_set", "level", "is_village"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["min_lon", "min_lat", "max_lon", "max_lat"]
    exclude = ["geometry"]
