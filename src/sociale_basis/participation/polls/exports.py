"""Downloads of a poll's results: CSV and XLSX (one row per question, option and neighbourhood).

Suppressed neighbourhoods (fewer respondents than the poll's minimum) are not in the downloads
either; open answers are in them only when approved.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook

from . import results as poll_results
from .models import Poll

HEADER = [
    "question",
    "question_type",
    "area",
    "respondents",
    "answer",
    "count",
    "percentage",
    "mean",
]


def rows(poll: Poll, data: dict[str, Any]) -> Iterator[list[Any]]:
    for q in data["questions"]:
        for o in q["options"]:
            yield [
                q["text"],
                q["kind"],
                poll.area.name,
                q["n"],
                o["label"],
                o["count"],
                o["pct"],
                "",
            ]
        if q.get("mean") is not None:
            yield [q["text"], q["kind"], poll.area.name, q["n"], "", "", "", q["mean"]]
        for h in q["neighbourhoods"]:
            if h["suppressed"]:
                continue
            labels = [o["label"] for o in q["options"]]
            for label, pct in zip(labels, h.get("pcts") or [], strict=False):
                yield [q["text"], q["kind"], h["name"], h["n"], label, "", pct, ""]
            if h.get("mean") is not None:
                yield [q["text"], q["kind"], h["name"], h["n"], "", "", "", h["mean"]]
    texts = poll_results.open_answers(poll, limit=None)
    by_id = {q["id"]: q for q in data["questions"]}
    for qid, answers in texts.items():
        q = by_id.get(qid)
        for a in answers:
            yield [q["text"] if q else qid, "text", poll.area.name, "", a["text"], "", "", ""]


def results_csv(poll: Poll, data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows(poll, data))
    return out.getvalue()


def results_xlsx(poll: Poll, data: dict[str, Any]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("resultaten")
    sheet.append(HEADER)
    for row in rows(poll, data):
        sheet.append(row)
    channels = book.create_sheet("kanalen")
    channels.append(["channel", "responses"])
    for c in data["channels"]:
        channels.append([c["channel"], c["n"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
