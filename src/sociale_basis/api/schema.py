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


def document_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Every read operation can answer 400 (a wrong parameter, with the field named) and 404."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method != "get":
                continue
            responses = operation.setdefault("responses", {})
            if operation.get("parameters"):
                responses.setdefault("400", BAD_REQUEST)
            responses.setdefault("404", NOT_FOUND)
    return result
