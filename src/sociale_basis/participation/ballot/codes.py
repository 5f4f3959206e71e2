"""One-time codes for letters: easy to type, 60 random bits, shown once and stored as a keyed hash."""

from __future__ import annotations

import secrets

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from a letter
CODE_LENGTH = 12  # 60 bits
MAX_CODES = 5000  # per request: one letter run for a large district


def new_code() -> str:
    """A fresh random code, grouped in fours for printing: ``ABCD-EFGH-JKLM``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
