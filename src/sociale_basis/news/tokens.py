"""The signed link in every digest that stops the digest in one click, without logging in."""

from __future__ import annotations

from django.core import signing

UNSUBSCRIBE_SALT = "news.unsubscribe"


def unsubscribe_token(user_id: int) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user_id))
