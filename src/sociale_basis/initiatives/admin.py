"""Technical admin, read-only for calls: calls are made, previewed, published and closed on pages
(`/initiatieven/oproepen/nieuw/`) by the policy officers and area teams who run them.

Money is never edited here: budgets, commitments and payments change only through services.py, which
locks the rows and writes the money log. The admin shows them read-only.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Budget, Call, Criterion, Initiative, MoneyLog, Prize, Theme


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0
    raw_id_fields = ["initiative"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "deadline", "is_published", "is_demo"]
    list_filter = ["kind", "is_published"]
    filter_horizontal = ["themes", "jury"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CriterionInline, PrizeInline]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "call", "state", "area", "requested_cents", "is_demo"]
    list_filter = ["state", "call"]
    search_fields = ["title", "initiator_name"]
    list_select_related = ["call", "area"]


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "year", "area", "amount_cents", "committed_cents", "paid_cents"]
    list_filter = ["kind", "year"]
    list_select_related = ["area"]


@admin.register(MoneyLog)
class MoneyLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "budget", "amount_cents", "actor", "reason"]
    list_filter = ["kind"]
    list_select_related = ["budget", "actor"]
