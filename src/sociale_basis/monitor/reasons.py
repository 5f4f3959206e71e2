"""Why a figure is not shown or a change not tested: stored as a code, worded in the reader's language.

A value's ``reason`` holds a code, optionally with one number after a colon (``too_few_respondents:30``);
the survey engine returns the same codes (``engines.survey.estimation.REASON_*``). :func:`reason_label`
words a code in the active language; text that is not a known code (older rows) is shown as stored.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TOO_FEW_RESPONDENTS = "too_few_respondents"
NO_RESPONDENTS = "no_respondents"
TOO_SMALL_POPULATION = "too_small_population"
NO_POPULATION = "no_population"
CBS_SECRET = "cbs_secret"  # noqa: S105 - a reason code, not a password
NOT_KNOWN_FOR_EVERY_PART = "not_known_for_every_part"
NO_FIGURE = "no_figure"
NOT_ASKED = "not_asked"
# Development (a change between two periods)
NEEDS_TWO_PERIODS = "needs_two_periods"
NOT_KNOWN_IN_A_PERIOD = "not_known_in_a_period"
BOUNDARY_CHANGED = "boundary_changed"
# Why a change was not tested
TEST_SUPPRESSED = "test_suppressed"
TEST_NOT_IN_BOTH = "test_not_in_both"
TEST_NOT_COMPUTED = "test_not_computed"
TEST_REGISTRATION = "test_registration"

_LABELS: dict[str, Promise] = {
    TOO_FEW_RESPONDENTS: _("fewer than %(n)s respondents"),
    NO_RESPONDENTS: _("no respondents"),
    TOO_SMALL_POPULATION: _("fewer than %(n)s in the population"),
    NO_POPULATION: _("no population"),
    CBS_SECRET: _("kept secret by CBS or not known"),
    NOT_KNOWN_FOR_EVERY_PART: _("not known for every area in it"),
    NO_FIGURE: _("no figure for this area"),
    NOT_ASKED: _("not asked in this wave"),
    NEEDS_TWO_PERIODS: _("needs figures for two periods"),
    NOT_KNOWN_IN_A_PERIOD: _("not known in one of the periods"),
    BOUNDARY_CHANGED: _("the boundary changed; the figures cannot be compared"),
    TEST_SUPPRESSED: _("not tested: too few respondents in one of the two waves"),
    TEST_NOT_IN_BOTH: _("not tested: the indicator is not in both waves"),
    TEST_NOT_COMPUTED: _(
        "not tested: the waves have not been compared yet (re-estimate the survey)"
    ),
    TEST_REGISTRATION: _("registration: a full count, no sampling error to test"),
}


def reason_code(code: str, n: int | float | None = None) -> str:
    """The stored form: ``code`` or ``code:n``."""
    return code if n is None else f"{code}:{int(n)}"


def reason_label(reason: str | None) -> str:
    """The reason in the active language (unknown text is returned as stored)."""
    if not reason:
        return ""
    code, _sep, arg = reason.partition(":")
    label = _LABELS.get(code)
    if label is None:
        return reason
    return str(label) % {"n": arg} if "%(n)s" in str(label) else str(label)
