"""The shared part of erasure and retention: a voter's token is unlinked, never deleted.

A random value replaces the token, so no account hashes to it any more; the row stays, so the turnout
and the one-ballot-per-voter constraint keep their counts.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from .eligibility import account_token
from .models import BallotBox

UNLINKED = "x"  # prefix of a replaced token: never a hex digit, so never a keyed hash
S = TypeVar("S", bound=Model)


def unlinked_token() -> str:
    return UNLINKED + secrets.token_hex(32)[:63]


def unlink(records: QuerySet[Any]) -> int:
    """Replace the token of every row by a random one; returns the number of rows."""
    count = 0
    for record in records.only("pk"):
        type(record)._default_manager.filter(pk=record.pk).update(token=unlinked_token())
        count += 1
    return count


def account_tokens(box: BallotBox, scopes: Iterable[S], user: Any) -> dict[str, S]:
    """The token this account has (or would have) in each of these ballots."""
    return {account_token(box, scope.pk, user.pk): scope for scope in scopes}
