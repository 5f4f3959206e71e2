"""Admin for polls. Responses and answers are not shown here: results and moderation have pages."""

from django.contrib import admin

from .models import Poll, Question


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fk_name = "poll"
    fields = ["position", "kind", "text", "required", "options", "show_if"]
    raw_id_fields = ["show_if"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "area", "status", "opens_on", "closes_on", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title"]
    raw_id_fields = ["area", "created_by"]
    inlines = [QuestionInline]
