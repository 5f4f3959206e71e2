"""Pagination for every list endpoint: at most 1,000 rows a page, and numbers the database can hold.

DRF's LimitOffsetPagination accepts any positive integer; a limit or offset beyond a 64-bit integer made
SQLite raise an overflow (a server error found by fuzzing the API).
"""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 2**62


class SafeLimitOffsetPagination(LimitOffsetPagination):
    max_limit = 1000

    def get_offset(self, request):  # type: ignore[no-untyped-def]
        return min(super().get_offset(request), MAX_OFFSET)
