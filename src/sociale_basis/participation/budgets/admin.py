"""Admin for neighbourhood budgets. Ballots and voter records are not shown: they stay secret."""

from django.contrib import admin

from .models import (
    BudgetProject,
    BudgetRound,
    Milestone,
    StudyElection,
    SubBudget,
)


class SubBudgetInline(admin.TabularInline):
    model = SubBudget
    extra = 0
    raw_id_fields = ["area"]


@admin.register(BudgetRound)
class BudgetRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "phase", "rule", "ballot_format", "is_demo"]
    list_filter = ["phase", "rule", "ballot_format"]
    raw_id_fields = ["area"]
    inlines = [SubBudgetInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(BudgetProject)
class BudgetProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "round", "cost", "status", "implementation"]
    list_filter = ["status", "implementation"]
    raw_id_fields = ["round", "sub_budget", "submitted_by", "reviewed_by"]
    inlines = [MilestoneInline]


@admin.register(StudyElection)
class StudyElectionAdmin(admin.ModelAdmin):
    list_display = ["title", "created_at"]
