"""Neighbourhood budgets (participatory budgeting): rounds, projects, voters and secret ballots.

Who voted (:class:`VoterRecord`, :class:`VotingCode`) is kept apart from what was voted
(:class:`Ballot`): a ballot has a random UUID as key, no timestamp and no link to a voter, so the
two tables cannot be joined again. The database enforces one ballot per voter through the unique
``(round, token)`` constraint on :class:`VoterRecord`, written in the same transaction as the ballot
(the shared voting layer, ``participation/ballot``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..ballot.models import (  # noqa: F401 - CountJob and CountState: their old home
    Access,
    CountedVoterRegister,
    CountJob,
    CountState,
    OneTimeCode,
    SecretBallot,
    person_field,
)
from .formats import DEFAULT_FORMAT, FORMAT_CHOICES, Rule


class Phase(models.TextChoices):
    IDEAS = "ideas", _("ideas")
    REVIEW = "review", _("feasibility check")
    VOTING = "voting", _("voting")
    RESULT = "result", pgettext_lazy("vote result", "result")
    IMPLEMENTATION = "implementation", _("implementation")


PHASE_ORDER = [Phase.IDEAS, Phase.REVIEW, Phase.VOTING, Phase.RESULT, Phase.IMPLEMENTATION]


# Who may vote in a round: the shared access modes, in the words of a budget round (no devices).
VERIFICATION_CHOICES = [
    (Access.ACCOUNT, _("account with a verified address")),
    (Access.CODE, _("voting code from a letter")),
    (Access.ACCOUNT_OR_CODE, _("account or voting code")),
]


class BudgetRound(models.Model):
    """One neighbourhood-budget round for an area, with one or more sub-budgets (districts)."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="budget_rounds", verbose_name=_("area")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.IDEAS)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices, default=Rule.MES)
    ballot_format = models.CharField(
        _("ballot format"),
        max_length=20,
        choices=FORMAT_CHOICES,
        default=DEFAULT_FORMAT,
    )
    min_projects = models.PositiveSmallIntegerField(_("minimum number of projects"), default=1)
    max_projects = models.PositiveSmallIntegerField(_("maximum number of projects"), default=3)
    points_total = models.PositiveSmallIntegerField(_("points to distribute"), default=10)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=16)
    support_threshold = models.PositiveIntegerField(
        _("supporters an idea needs before the check"),
        default=0,
        help_text=_("0: every idea is checked."),
    )
    verification = models.CharField(
        _("who may vote"),
        max_length=10,
        choices=VERIFICATION_CHOICES,
        default=Access.ACCOUNT_OR_CODE,
    )
    ideas_until = models.DateField(_("ideas until"), null=True, blank=True)
    review_until = models.DateField(_("check until"), null=True, blank=True)
    voting_closes = models.DateField(_("voting closes"), null=True, blank=True)
    result_on = models.DateField(_("result expected on"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def locked(self) -> bool:
        """Rule, ballot format and limits are fixed once voting opens."""
        return PHASE_ORDER.index(Phase(self.phase)) >= PHASE_ORDER.index(Phase.VOTING)


class SubBudget(models.Model):
    """The money for one part of a round: the whole area, or one district of it."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="sub_budgets", verbose_name=_("round")
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    amount = models.PositiveBigIntegerField(_("budget (euro)"))

    class Meta:
        ordering = ["area__code"]
        verbose_name = _("sub-budget")
        verbose_name_plural = _("sub-budgets")
        constraints = [
            models.UniqueConstraint(fields=["round", "area"], name="participation_subbudget_area")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.area.name}"


class ProjectStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    FEASIBLE = "feasible", _("on the ballot")
    NOT_FEASIBLE = "not_feasible", _("not feasible")
    SELECTED = "selected", _("chosen")
    NOT_SELECTED = "not_selected", _("not chosen")
    TOO_LITTLE_SUPPORT = "too_little_support", _("too little support")
    WITHDRAWN = "withdrawn", _("withdrawn by the resident")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class BudgetProject(models.Model):
    """An idea from a resident that becomes a project on the ballot after the staff's check."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="projects", verbose_name=_("round")
    )
    sub_budget = models.ForeignKey(
        SubBudget, on_delete=models.CASCADE, related_name="projects", verbose_name=_("sub-budget")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    estimated_cost = models.PositiveBigIntegerField(
        _("estimated cost (euro)"), null=True, blank=True
    )
    cost = models.PositiveBigIntegerField(_("cost (euro)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.SUBMITTED
    )
    review_reason = models.TextField(_("reason"), blank=True)
    submitted_by = person_field(_("submitted by"))
    reviewed_by = person_field(_("checked by"))
    implementation = models.CharField(
        _("implementation"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    # Where the idea is: a point the resident chose on the map or the middle of the area they chose.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    place_name = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")

    def __str__(self) -> str:
        return self.title

    @property
    def area(self):  # type: ignore[no-untyped-def]
        """For area-scoped permissions: the round's area."""
        return self.round.area


class Milestone(models.Model):
    """A step in carrying out a chosen project."""

    project = models.ForeignKey(
        BudgetProject,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class VotingCode(OneTimeCode):
    """A one-time voting code of a budget round."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="codes", verbose_name=_("round")
    )
    sub_budget = models.ForeignKey(
        SubBudget, on_delete=models.CASCADE, related_name="+", verbose_name=_("sub-budget")
    )

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self) -> str:
        return f"{self.round} · {self.code_hash[:8]}"


class VoterRecord(CountedVoterRegister):
    """Who voted: a voter token per round (unique), never linked to the ballot."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="voter_records", verbose_name=_("round")
    )
    method = models.CharField(max_length=10, choices=VERIFICATION_CHOICES)

    class Meta:
        verbose_name = _("voter record")
        verbose_name_plural = _("voter records")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "token"], name="participation_one_vote_per_voter"
            )
        ]


class BallotSource(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper")


class Ballot(SecretBallot):
    """What was voted. Random key, no time, no voter: secret by construction.

    ``choices`` maps a project id (as a string) to 1 (approval), points, or a rank (1 = first).
    """

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("round")
    )
    sub_budget = models.ForeignKey(
        SubBudget, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("sub-budget")
    )
    source = models.CharField(
        max_length=10, choices=BallotSource.choices, default=BallotSource.ONLINE
    )
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta(SecretBallot.Meta):
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")


class PaperSheetStatus(models.TextChoices):
    FIRST = "first", _("entered once")
    MISMATCH = "mismatch", _("entries differ")
    COUNTED = "counted", _("counted")


class PaperSheet(models.Model):
    """A numbered paper ballot, entered twice by staff; it counts only when both entries agree."""

    round = models.ForeignKey(
        BudgetRound, on_delete=models.CASCADE, related_name="paper_sheets", verbose_name=_("round")
    )
    sub_budget = models.ForeignKey(
        SubBudget, on_delete=models.CASCADE, related_name="+", verbose_name=_("sub-budget")
    )
    number = models.PositiveIntegerField(_("sheet number"))
    first_entry = models.JSONField(_("first entry"))
    second_entry = models.JSONField(_("second entry"), null=True, blank=True)
    first_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    second_by = person_field()
    status = models.CharField(
        _("status"), max_length=10, choices=PaperSheetStatus.choices, default=PaperSheetStatus.FIRST
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("paper ballot")
        verbose_name_plural = _("paper ballots")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"], name="participation_paper_sheet_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.number}"


class BudgetResult(models.Model):
    """The outcome computed when voting closes, stored so that it never changes afterwards."""

    round = models.OneToOneField(
        BudgetRound, on_delete=models.CASCADE, related_name="result", verbose_name=_("round")
    )
    data = models.JSONField(pgettext_lazy("vote result", "result"))
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget result")
        verbose_name_plural = _("budget results")

    def __str__(self) -> str:
        return str(self.round)


class StudyElection(models.Model):
    """An election imported from a pabulib ``.pb`` file, to study it under every rule."""

    title = models.CharField(_("title"), max_length=200)
    pb_text = models.TextField(_(".pb file"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("imported election")
        verbose_name_plural = _("imported elections")

    def __str__(self) -> str:
        return self.title


def idea_photo_path(instance: Any, filename: str) -> str:
    """Never the uploader's file name, whatever is passed: a generated one (core/uploads.py) with the
    suffix of the checked content type."""
    from sociale_basis.core import uploads

    return uploads.generated_name("ideas", getattr(instance, "content_type", "") or "")


class IdeaPhoto(models.Model):
    """A photo of an idea, checked by its contents and size, stored under a generated name."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.CASCADE, related_name="photos", verbose_name=_("idea")
    )
    file = models.FileField(_("file"), upload_to=idea_photo_path, max_length=200)
    description = models.CharField(_("what the photo shows"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = person_field(_("uploaded by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo of an idea")
        verbose_name_plural = _("photos of ideas")

    def __str__(self) -> str:
        return self.description


class IdeaSupport(models.Model):
    """A resident supports an idea before the check (one per account and idea)."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.CASCADE, related_name="supports", verbose_name=_("idea")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="participation_support_once")
        ]
        verbose_name = _("support for an idea")
        verbose_name_plural = _("support for ideas")

    def __str__(self) -> str:
        return f"{self.project} · {self.user_id}"


class CommentStatus(models.TextChoices):
    VISIBLE = "visible", _("visible")
    REPORTED = "reported", _("hidden until the area team has looked at it")
    HIDDEN = "hidden", _("hidden by the area team")


class IdeaComment(models.Model):
    """A resident's comment on an idea. Shown at once; reported by enough residents it is hidden
    until the area team decides (moderation afterwards, with reporting)."""

    project = models.ForeignKey(
        BudgetProject, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idea")
    )
    author = person_field(_("author"))
    author_name = models.CharField(_("name shown"), max_length=100)
    text = models.TextField(_("text of the comment"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommentStatus.choices, default=CommentStatus.VISIBLE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    moderated_by = person_field(_("moderated by"))

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["project", "status", "created_at"])]
        verbose_name = _("comment on an idea")
        verbose_name_plural = _("comments on ideas")

    def __str__(self) -> str:
        return self.text[:50]


class CommentReport(models.Model):
    """A resident reports a comment (once per account); the reason goes to the area team."""

    comment = models.ForeignKey(
        IdeaComment,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("comment on an idea"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="participation_report_once")
        ]
        verbose_name = _("report of a comment")
        verbose_name_plural = _("reports of comments")

    def __str__(self) -> str:
        return f"{self.comment_id} · {self.user_id}"
