"""Polls and needs surveys: questions, eligibility, responses (drafts too) and typed answers.

Answers are stored one row per (response, question) — one row per chosen option for multiple choice
and ranking — with typed columns (``choice``, ``rank``, ``number``, ``text``) and the poll,
neighbourhood and channel copied onto the row, so that the results of 50,000 responses are a few
``GROUP BY`` queries over one index instead of reading every response.

One response per eligible person is the unique ``(poll, token)`` constraint on :class:`PollParticipant`,
written in the same transaction as the response: the token is a keyed hash of the account, the
one-time code or the device (with a slot number up to the poll's limit per device). Who answered
(:class:`PollParticipant`) is kept apart from what was answered (:class:`PollResponse`, no token, no
code, no account), as for the budget ballots; paper and interview answers and polls without the rule
have no participant row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..ballot.models import Access, OneTimeCode, VoterRegister, person_field


class PollKind(models.TextChoices):
    POLL = "poll", pgettext_lazy("poll kind", "poll")
    NEEDS = "needs", _("needs survey")


class PollStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("poll status", "in preparation")
    OPEN = "open", pgettext_lazy("poll status", "open")
    CLOSED = "closed", pgettext_lazy("poll status", "closed")
    PUBLISHED = "published", _("results published")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale")
    RANKING = "ranking", _("ranking")
    NUMBER = "number", pgettext_lazy("question kind", "number")
    TEXT = "text", _("open text")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}
AGE_CLASSES = ("15-24", "25-44", "45-64", "65+")  # as the monitor's survey population
SEXES = ("man", "woman")


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper form")
    INTERVIEW = "interview", _("interview")


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("response status", "draft")
    SUBMITTED = "submitted", _("submitted")


class Moderation(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    APPROVED = "approved", pgettext_lazy("moderation", "approved")
    HIDDEN = "hidden", _("hidden")


class Poll(models.Model):
    """A poll or needs survey for an area (a district, a village or the whole municipality)."""

    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="polls", verbose_name=_("area")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=PollKind.choices, default=PollKind.POLL
    )
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    closing_text = models.TextField(_("closing text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    access = models.CharField(
        _("who may answer"), max_length=10, choices=Access.choices, default=Access.DEVICE
    )
    one_per_person = models.BooleanField(
        _("one response per person"),
        default=True,
        help_text=_("Enforced by the database: an account, code or device answers once."),
    )
    device_limit = models.PositiveSmallIntegerField(
        _("responses per device"),
        default=1,
        help_text=_("For polls open to anyone: how many responses one device may send."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=0)
    min_shown = models.PositiveSmallIntegerField(
        _("minimum respondents per neighbourhood"),
        default=10,
        help_text=_("Below this number a neighbourhood's results are not shown."),
    )
    weighted = models.BooleanField(
        _("weight to the population by age and sex"),
        default=False,
        help_text=_("Asks respondents their age group and sex (optional)."),
    )
    created_by = person_field()
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="poll_interviews",
        verbose_name=_("interviewers"),
        help_text=_("Students or volunteers who may enter paper and interview answers."),
    )
    is_demo = models.BooleanField(_("demo"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return self.title

    @property
    def locked(self) -> bool:
        """Questions and eligibility are fixed once the poll has opened."""
        return self.status != PollStatus.DRAFT


class Question(models.Model):
    """One question. ``options`` lists the answers of choice and ranking questions (by index)."""

    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="questions", verbose_name=_("poll")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("question type"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    min_choices = models.PositiveSmallIntegerField(_("minimum choices"), default=1)
    max_choices = models.PositiveSmallIntegerField(_("maximum choices"), null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("scale up to"), default=5)
    low_label = models.CharField(_("label of the lowest value"), max_length=100, blank=True)
    high_label = models.CharField(_("label of the highest value"), max_length=100, blank=True)
    number_min = models.FloatField(_("smallest number"), null=True, blank=True)
    number_max = models.FloatField(_("largest number"), null=True, blank=True)
    show_if = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only after an answer to"),
    )
    show_if_values = models.JSONField(
        _("only after these answers"),
        default=list,
        blank=True,
        help_text=_("Option numbers or scale values; empty: after any answer."),
    )

    class Meta:
        ordering = ["poll", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class PollCode(OneTimeCode):
    """A one-time code from a letter for a poll."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="codes")

    class Meta:
        verbose_name = _("poll code")
        verbose_name_plural = _("poll codes")

    def __str__(self) -> str:
        return f"{self.poll} · {self.code_hash[:8]}"


class PollResponse(models.Model):
    """One person's response (a draft until submitted): no account, token, code or time of day."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="responses")
    status = models.CharField(
        max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    draft_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    neighbourhood = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    age_class = models.SmallIntegerField(null=True, blank=True)
    sex = models.SmallIntegerField(null=True, blank=True)
    entered_by = person_field()
    draft = models.JSONField(default=dict, blank=True)  # question id -> raw answer, until submitted
    # the day only (to clear old drafts): no time that could link a response to a server log line
    updated_on = models.DateField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "draft_key"],
                condition=Q(status="draft"),
                name="participation_poll_one_draft_per_person",
            ),
        ]
        indexes = [models.Index(fields=["poll", "status"], name="participation_pollresp_st")]

    def __str__(self) -> str:
        return f"{self.poll} · {self.pk}"


class PollParticipant(VoterRegister):
    """Who answered: a token per poll (unique), never linked to the response."""

    scope = "poll"

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participants")

    class Meta:
        verbose_name = _("poll participant")
        verbose_name_plural = _("poll participants")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "token"], name="participation_poll_one_response_per_person"
            )
        ]


class Answer(models.Model):
    """One submitted answer: ``choice`` is the option index (single, multiple, ranking) or the scale
    value. Poll, neighbourhood and channel are copied from the response for fast counting."""

    response = models.ForeignKey(PollResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", db_index=False
    )
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+", db_index=False)
    neighbourhood = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, null=True, related_name="+", db_index=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    choice = models.SmallIntegerField(null=True)
    rank = models.SmallIntegerField(null=True)
    number = models.FloatField(null=True)
    text = models.TextField(blank=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(
                fields=["poll", "question", "neighbourhood", "choice", "rank"],
                name="participation_answer_tally",
            ),
            models.Index(fields=["question", "moderation"], name="participation_answer_mod"),
            models.Index(
                fields=["poll", "question", "neighbourhood", "number"],
                name="participation_answer_num",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id} · {self.question_id}"
