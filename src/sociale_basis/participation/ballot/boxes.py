"""A ballot box: how one domain takes its secret ballots, described once as data.

Budgets, polls and agenda rounds each define one ``BallotBox`` (in their ``eligibility.py``): the
prefix of their keyed hashes, their code, register and ballot tables, the field that names who may
take part, and their words. Every function of the shared layer takes the box, so the three domains
share one code path and differ only in this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import CountedVoterRegister, OneTimeCode, SecretBallot, VoterRegister

Text = str | Promise  # a translatable string, translated when it is shown


@dataclass(frozen=True)
class Words:
    """What a domain calls taking part, in the resident's words (lazy: translated when shown).

    ``who`` takes ``%(area)s`` and ``%(age)s``; ``too_young`` takes ``%(age)d``.
    """

    verb: Text  # the page title: "Vote", "Answer", "Set the priorities"
    who: Text  # who may take part, above the ways to do so
    with_code: Text  # heading of the code form
    with_account: Text  # heading of the account way
    code_label: Text  # label of the code field
    login: Text  # refusals of an account ...
    unverified: Text
    too_young: Text
    outside: Text
    code_refused: Text  # one message for an unknown, used or expired code: guessing learns nothing
    already: Text  # a second ballot of the same voter
    device_used_up: Text = ""  # a device at its limit (when it may take part more than once)


# The refusals budget rounds and agenda rounds share (a poll words them as a poll).
ROUND_REFUSALS = {
    "unverified": _(
        "Your address has not been verified yet, so you cannot vote with your account."
    ),
    "too_young": _("You must be %(age)d or older to vote in this round."),
    "outside": _("Your address is not in the area of this round."),
    "code_refused": _(
        "This voting code cannot be used. Check the code on your letter or contact the "
        "municipality."
    ),
}


@dataclass(frozen=True)
class BallotBox:
    kind: str  # prefix of the keyed hashes ("pb", "poll", "agenda"): never change it, stored tokens use it
    scope: str  # the foreign key from the code, register and ballot tables to the ballot ("round", "poll")
    access_field: str  # the ballot's field that says who may take part (values of ``Access``)
    codes: type[OneTimeCode]
    register: type[VoterRegister]
    ballots: type[SecretBallot] | None  # None: the answers are not rows of one table (polls)
    voter_field: str  # the field a refusal of the voter names ("voter", "respondent")
    words: Words

    def access(self, scope: models.Model) -> str:
        return str(getattr(scope, self.access_field))

    def of(self, scope: models.Model) -> dict[str, Any]:
        """The filter for this ballot's rows: ``{"round": round}``."""
        return {self.scope: scope}

    @property
    def counts_how(self) -> bool:
        """Does the register keep how and where each voter took part (turnout)?"""
        return issubclass(self.register, CountedVoterRegister)
