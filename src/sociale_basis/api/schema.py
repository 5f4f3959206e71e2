"""OpenAPI post-processing that keeps the committed schema the same on every database.

Django derives integer bounds from the database backend (SQLite: 64-bit, PostgreSQL: 32-bit for
PositiveIntegerField), and drf-spectacular copies them into the schema. Those bounds are storage
details, not part of the API contract, so they are dropped here.
"""

from __future__ import annotations

from typing import Any

DB_BOUNDS = {2**31 - 1, 2**63 - 1, -(2**31), -(2**63), 2**15 - 1, -(2**15)}


def _strip(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("maximum", "minimum"):
                if node.get(key) in DB_BOUNDS:
                    del node[key]
            if node.get("format") == "int64" and "maximum" not in node:
                del node["format"]
        for value in node.values():
            _strip(value)
    elif isinstance(node, list):
        for value in node:
            _strip(value)


def drop_database_integer_bounds(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    _strip(result)
    return result


BAD_REQUEST = {
    "description": "A parameter is wrong; the body names each wrong parameter with its messages.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        }
    },
}
NOT_FOUND = {
    "description": "No such record (or no area set for the requested year).",
    "content": {
        "application/json": {
            "schema": {"type": "object", "properties": {"detail": {"type": "string"}}}
        }
    },
}


URI_TOO_LONG = {
    "description": "The request line is longer than the server accepts (about 4 kB); no body.",
}
LOCAL_TIME = {
    "type": "string",
    "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$",
    "description": "Local time of day (Europe/Amsterdam) without an offset, e.g. 10:00:00.",
}


def document_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every read operation can answer 400 (a wrong parameter, with the field named), 404, and 414
    (the web server refuses a request line that is too long before the application sees it)."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get":
                continue
            responses = operation.setdefault("responses", {})
            if operation.get("parameters"):
                responses.setdefault("400", BAD_REQUEST)
            responses.setdefault("404", NOT_FOUND)
            responses.setdefault("414", URI_TOO_LONG)
    return result


def _local_times(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            del node["format"]
            for key, value in LOCAL_TIME.items():
                node.setdefault(key, value)
        for value in node.values():
            _local_times(value)
    elif isinstance(node, list):
        for value in node:
            _local_times(value)


def document_local_times(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Times of day are local wall-clock times ("10:00:00"), not RFC 3339 times with an offset, which
    is what the OpenAPI `format: time` means; describe them with a pattern instead."""
    _local_times(result)
    return result
