"""Admin of the shared voting layer: where the municipality records verified voter profiles.
Codes, voter registers and ballots are not shown anywhere in the admin: they stay secret."""

from django.contrib import admin

from .models import VoterProfile


@admin.register(VoterProfile)
class VoterProfileAdmin(admin.ModelAdmin):
    """Where the municipality records a resident's verified address and birth date."""

    list_display = ["user", "neighbourhood", "verified_at"]
    raw_id_fields = ["user", "neighbourhood"]
    search_fields = ["user__email"]
