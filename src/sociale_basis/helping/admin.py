from django.contrib import admin

from . import models


@admin.register(models.HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "area", "state", "created_at", "is_demo"]
    list_filter = ["state", "category", "vulnerable", "hidden", "is_demo"]
    raw_id_fields = ["requester", "area"]


@admin.register(models.HelpOffer)
class HelpOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "organisation", "area", "active", "is_demo"]
    list_filter = ["active", "hidden", "is_demo"]
    raw_id_fields = ["owner", "area", "organisation"]


@admin.register(models.VolunteerProfile)
class VolunteerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "verified", "verified_at"]
    raw_id_fields = ["user"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "verified", "is_demo"]
    filter_horizontal = ["members"]


admin.site.register(models.Vacancy)
admin.site.register(models.Report)
