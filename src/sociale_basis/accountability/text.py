"""The small text format of the chapters: paragraphs separated by a blank line, bullets on lines that
start with "- " or "• ", and a single line break kept as a line break (the documents use it). The web
page, DOCX and PDF all render the same blocks."""

from __future__ import annotations

import re
from typing import Any

BULLET = re.compile(r"^\s*(?:[-•*]|\u2022)\s+")


def blocks(text: str) -> list[dict[str, Any]]:
    """Split a chapter text into blocks: {"type": "p", "text": ...} or {"type": "ul", "items": [...]}."""
    result: list[dict[str, Any]] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            result.append({"type": "p", "text": "\n".join(paragraph)})
            paragraph.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
            continue
        if BULLET.match(raw):
            flush()
            item = BULLET.sub("", raw).strip()
            if result and result[-1]["type"] == "ul":
                result[-1]["items"].append(item)
            else:
                result.append({"type": "ul", "items": [item]})
        elif result and result[-1]["type"] == "ul" and raw.startswith(("  ", "\t")):
            # An indented line continues the previous bullet.
            result[-1]["items"][-1] += " " + line
        else:
            paragraph.append(line)
    flush()
    return result
