"""Calls, initiatives, assessment, and the money behind them.

Money is always stored as integer cents. A budget keeps running totals (`committed_cents`,
`paid_cents`) next to its amount, and the database refuses a row where committed > amount or
paid > committed (CHECK constraints): the last line of defence behind the row locks in services.py.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .workflow import State

USER = settings.AUTH_USER_MODEL


class Theme(models.Model):
    """A theme a call asks for and an initiative works on (loneliness, poverty, health, ...)."""

    slug = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class CallKind(models.TextChoices):
    CHALLENGE = "challenge", _("challenge")
    ATELIER = "atelier", _("innovation atelier")
    OPEN_GRANT = "open_grant", _("neighbourhood initiative grant (always open)")


class Call(models.Model):
    """A call for ideas; the open neighbourhood grant is a call without a deadline."""

    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    slug = models.SlugField(_("code"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, related_name="calls", verbose_name=_("themes"))
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_calls",
        verbose_name=_("area"),
        help_text=_("Only for an area team's neighbourhood grant: the area it is for."),
    )
    budget_cents = models.PositiveBigIntegerField(_("budget (cents)"), default=0)
    max_request_cents = models.PositiveBigIntegerField(
        _("largest request (cents)"), null=True, blank=True
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("Empty: always open.")
    )
    decision_by = models.DateField(_("decision expected by"), null=True, blank=True)
    eligibility_rules = models.TextField(_("eligibility rules"), blank=True)
    jury = models.ManyToManyField(
        USER, blank=True, related_name="jury_calls", verbose_name=_("jury")
    )
    quorum = models.PositiveSmallIntegerField(
        _("jury scores needed before a decision"),
        null=True,
        blank=True,
        help_text=_("Empty: the platform's setting (SB_INITIATIVES_QUORUM)."),
    )
    four_eyes_cents = models.PositiveBigIntegerField(
        _("second person needed above (cents)"),
        null=True,
        blank=True,
        help_text=_("Empty: the platform's setting (SB_INITIATIVES_FOUR_EYES_CENTS)."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call")
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["call", "position", "pk"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self) -> str:
        return self.name


class Prize(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="prizes", verbose_name=_("call")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=200)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"), default=0)
    initiative = models.OneToOneField(
        "Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prize",
        verbose_name=_("winner"),
    )

    class Meta:
        ordering = ["call", "rank"]
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        constraints = [
            models.UniqueConstraint(fields=["call", "rank"], name="initiatives_prize_rank_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.name}"


class InitiatorKind(models.TextChoices):
    RESIDENT = "resident", _("resident")
    GROUP = "group", _("group of residents")
    ENTREPRENEUR = "entrepreneur", _("social entrepreneur")


class Initiative(models.Model):
    """An idea submitted to a call, from draft to completion."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("call")
    )
    initiator = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("initiator")
    )
    initiator_kind = models.CharField(
        _("submitted by"),
        max_length=20,
        choices=InitiatorKind.choices,
        default=InitiatorKind.RESIDENT,
    )
    initiator_name = models.CharField(_("name of the initiator or group"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    idea = models.TextField(_("idea"), blank=True)
    goal = models.TextField(_("goal"), blank=True)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("theme"),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("neighbourhood"),
    )
    requested_cents = models.PositiveBigIntegerField(_("amount requested (cents)"), default=0)
    own_money_cents = models.PositiveBigIntegerField(_("own contribution (cents)"), default=0)
    volunteer_hours = models.PositiveIntegerField(_("volunteer hours"), default=0)
    partners = models.TextField(_("partners"), blank=True)
    publish_consent = models.BooleanField(_("may be shown in the public showcase"), default=False)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    granted_cents = models.PositiveBigIntegerField(_("amount granted (cents)"), default=0)
    proposed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["state", "publish_consent"]),
            models.Index(fields=["call", "state"]),
        ]

    def __str__(self) -> str:
        return self.title


class BudgetLine(models.Model):
    """One line of an initiative's budget; the lines add up to the amount requested."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="budget_lines"
    )
    description = models.CharField(_("description"), max_length=200)
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    spent_cents = models.PositiveBigIntegerField(_("spent (cents)"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.description


def attachment_path(instance: Any, filename: str) -> str:
    """A generated name: the uploader's file name is kept as data (`name`), never as a path."""
    suffix = PurePath(filename).suffix.lower()[:8]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"initiatives/{uuid.uuid4().hex}{suffix}"


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("document")
    PHOTO = "photo", _("photo")


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(
        "Report", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AttachmentKind.choices, default=AttachmentKind.DOCUMENT
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class StateChange(models.Model):
    """The history of an initiative: every transition, who made it and why (append-only)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.TextField(pgettext_lazy("money log", "note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"


class ConflictOfInterest(models.Model):
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "initiative"], name="initiatives_conflict_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.initiative_id}"


class Score(models.Model):
    """A reviewer's score (0 to 10) on one criterion for one initiative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "reviewer", "criterion"], name="initiatives_score_unique"
            ),
            models.CheckConstraint(condition=Q(value__lte=10), name="initiatives_score_max_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class BudgetKind(models.TextChoices):
    POLICY = "policy", _("policy budget")
    AREA_TEAM = "area_team", _("area team budget")
    EXTERNAL = "external", _("external fund")


class Budget(models.Model):
    """A pot of money for one year. Running totals are kept on the row and checked by the database."""

    kind = models.CharField(_("kind"), max_length=20, choices=BudgetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiative_budgets",
        verbose_name=_("area"),
    )
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    committed_cents = models.PositiveBigIntegerField(_("committed (cents)"), default=0)
    paid_cents = models.PositiveBigIntegerField(_("paid (cents)"), default=0)
    is_demo = models.BooleanField(_("demo record"), default=False)

    class Meta:
        ordering = ["-year", "kind", "name"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(committed_cents__lte=F("amount_cents")),
                name="initiatives_budget_not_overcommitted",
            ),
            models.CheckConstraint(
                condition=Q(paid_cents__lte=F("committed_cents")),
                name="initiatives_budget_paid_within_committed",
            ),
            models.CheckConstraint(
                condition=Q(kind="area_team", area__isnull=False) | ~Q(kind="area_team"),
                name="initiatives_area_budget_has_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def remaining_cents(self) -> int:
        return self.amount_cents - self.committed_cents


class Commitment(models.Model):
    """Part of a grant promised from one budget; a grant from several budgets is several commitments."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("budget")
    )
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="commitments")
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    paid_cents = models.PositiveBigIntegerField(_("paid (cents)"), default=0)
    released_cents = models.PositiveBigIntegerField(_("released (cents)"), default=0)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(paid_cents__lte=F("amount_cents")),
                name="initiatives_commitment_paid_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(paid_cents__lte=F("amount_cents") - F("released_cents")),
                name="initiatives_commitment_paid_and_released_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="initiatives_commitment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_id}: {self.amount_cents}"

    @property
    def remaining_cents(self) -> int:
        """Committed and neither paid nor released: what can still be paid or released."""
        return self.amount_cents - self.paid_cents - self.released_cents


class Payment(models.Model):
    """An instalment paid on a commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.PositiveBigIntegerField(_("amount (cents)"))
    paid_on = models.DateField(_("paid on"))
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_cents__gt=0), name="initiatives_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.amount_cents}"


class MoneyLogKind(models.TextChoices):
    BUDGET_CREATED = "budget_created", _("budget created")
    COMMITTED = "committed", _("committed")
    PAID = "paid", _("paid")
    RELEASED = "released", _("released back to the budget")
    CANCELLED = "cancelled", _("commitment cancelled")


class MoneyLog(models.Model):
    """Append-only: every change of money, with who and why. Never updated or deleted by the app."""

    kind = models.CharField(_("kind"), max_length=20, choices=MoneyLogKind.choices)
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="log")
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("money log entry")
        verbose_name_plural = _("money log")

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_cents}"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("progress report")
    FINAL = "final", _("final report")


class Report(models.Model):
    """A report the initiator owes: due on a date, submitted with what was done and what was spent."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    what_was_done = models.TextField(_("what was done"), blank=True)
    reach = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    whom_reached = models.TextField(_("whom it reached"), blank=True)
    spending_explanation = models.TextField(_("explanation of the spending"), blank=True)
    returned_reasons = models.TextField(_("reasons it was returned"), blank=True)
    returned_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    settlement_note = models.TextField(_("how overspending was settled"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [models.Index(fields=["submitted_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on}"
