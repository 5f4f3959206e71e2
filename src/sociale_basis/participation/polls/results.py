"""Results of a poll: counts per question, option and neighbourhood by GROUP BY in the database.

Three aggregate queries over the answer rows (choice questions, numbers and texts, channels) and one
read of the number answers for histograms, whatever the number of responses; the outcome is cached
per poll version (settings changed, responses submitted). A neighbourhood's numbers for a question
are suppressed when fewer than the poll's minimum (default 10) answered it there. Weighting to the
population by age and sex uses the survey engine's calibration (engines/survey).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from sociale_basis.areas.models import Area

from . import selectors
from .models import (
    Answer,
    Channel,
    Moderation,
    Poll,
    PollResponse,
    Question,
    QuestionKind,
    ResponseStatus,
)

HISTOGRAM_BINS = 8
CACHE_SECONDS = 3600


def version(poll: Poll) -> str:
    """Changes whenever the results can change: the poll's settings or a new response."""
    agg = PollResponse.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    return f"{poll.pk}:{poll.updated_at.timestamp()}:{agg['n']}:{agg['last']}"


def results(poll: Poll, *, use_cache: bool = True) -> dict[str, Any]:
    """The results of every question (cached per version)."""
    key = "poll-results:" + version(poll)
    if use_cache:
        found = cache.get(key)
        if found is not None:
            return found
    data = compute(poll)
    data["version"] = key
    if use_cache:
        cache.set(key, data, CACHE_SECONDS)
    return data


def _pct(part: float, whole: float) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def compute(poll: Poll) -> dict[str, Any]:
    questions = selectors.questions(poll)
    answers = Answer.objects.filter(poll=poll)
    choice_ids = [q.pk for q in questions if q.kind not in (QuestionKind.NUMBER, QuestionKind.TEXT)]
    number_ids = [q.pk for q in questions if q.kind == QuestionKind.NUMBER]
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    # 1. choice questions and scales: rows per (question, neighbourhood, choice)
    choice_rows = (
        answers.filter(question_id__in=choice_ids)
        .values_list("question_id", "neighbourhood_id", "choice")
        .annotate(n=Count("*"), rank_sum=Sum("rank"), first=Count("rank", filter=Q(rank=1)))
        .order_by()
    )
    counts: dict[int, dict[int | None, dict[int, list[int]]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for qid, nb, choice, n, rank_sum, first in choice_rows:
        counts[qid][nb][choice] = [n, rank_sum or 0, first]
    # 2. open texts: rows per (question, neighbourhood)
    others: dict[int, dict[int | None, tuple[int, float | None, float | None, float | None]]] = (
        defaultdict(dict)
    )
    text_rows = (
        answers.filter(question_id__in=text_ids)
        .values_list("question_id", "neighbourhood_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    for qid, nb, n in text_rows:
        others[qid][nb] = (n, None, None, None)
    # 3. numbers: one read of (question, neighbourhood, number) from the index, then NumPy
    numbers = _number_arrays(answers.filter(question_id__in=number_ids)) if number_ids else None
    if numbers is not None:
        q_arr, nb_arr, values = numbers
        for qid in number_ids:
            mask = q_arr == qid
            for nb in np.unique(nb_arr[mask]):
                v = values[mask & (nb_arr == nb)]
                others[qid][int(nb) or None] = (
                    len(v),
                    float(v.sum()),
                    float(v.min()),
                    float(v.max()),
                )
    # 3. channels
    channels = dict(
        PollResponse.objects.filter(poll=poll, status=ResponseStatus.SUBMITTED)
        .values_list("channel")
        .annotate(n=Count("*"))
        .order_by()
    )
    nb_ids = {nb for q in counts.values() for nb in q} | {nb for q in others.values() for nb in q}
    names = dict(
        Area.objects.filter(pk__in=[i for i in nb_ids if i is not None]).values_list("pk", "name")
    )
    out = []
    for q in questions:
        if q.kind == QuestionKind.NUMBER:
            out.append(_number(q, others.get(q.pk, {}), names, poll.min_shown))
        elif q.kind == QuestionKind.TEXT:
            out.append(_text(q, others.get(q.pk, {})))
        else:
            out.append(_choices(q, counts.get(q.pk, {}), names, poll.min_shown))
    if numbers is not None:
        _histograms(numbers, [q for q in out if q["kind"] == QuestionKind.NUMBER and q["n"]])
    total = sum(channels.values())
    data: dict[str, Any] = {
        "responses": total,
        "channels": [
            {"channel": c.value, "label": str(c.label), "n": channels.get(c.value, 0)}
            for c in Channel
        ],
        "min_shown": poll.min_shown,
        "questions": out,
        "weighting": None,
    }
    if poll.weighted:
        data["weighting"] = weighted(poll, questions)
    return data


def _options(q: Question) -> list[str]:
    if q.kind == QuestionKind.SCALE:
        return [str(v) for v in range(1, q.scale_max + 1)]
    return list(q.options)


def _index(q: Question, choice: int) -> int:
    return choice - 1 if q.kind == QuestionKind.SCALE else choice


def _respondents(q: Question, per_choice: dict[int, list[int]]) -> int:
    if q.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
        return sum(v[2] for v in per_choice.values())  # one row with rank 1 per respondent
    return sum(v[0] for v in per_choice.values())


def _choices(
    q: Question,
    by_nb: dict[int | None, dict[int, list[int]]],
    names: dict[int, str],
    min_shown: int,
) -> dict[str, Any]:
    labels = _options(q)
    k = len(labels)
    total = np.zeros((k, 3), dtype=np.int64)
    hoods = []
    for nb, per_choice in by_nb.items():
        arr = np.zeros((k, 3), dtype=np.int64)
        for choice, vals in per_choice.items():
            i = _index(q, choice)
            if 0 <= i < k:
                arr[i] = vals
        total += arr
        n = _respondents(q, per_choice)
        if nb is None:
            continue
        row: dict[str, Any] = {"name": names.get(nb, "?"), "n": n, "suppressed": n < min_shown}
        if not row["suppressed"]:
            row["pcts"] = [_pct(int(c), n) for c in arr[:, 0]]
            if q.kind == QuestionKind.SCALE:
                row["mean"] = round(float((arr[:, 0] * np.arange(1, k + 1)).sum()) / n, 2)
        else:
            row["n"] = None  # not even the count is shown below the minimum
        hoods.append(row)
    hoods.sort(key=lambda r: r["name"])
    n_all = _respondents(q, {i: list(map(int, total[i])) for i in range(k)} if k else {})
    options = []
    for i, label in enumerate(labels):
        count, rank_sum, first = (int(x) for x in total[i])
        item: dict[str, Any] = {"label": label, "count": count, "pct": _pct(count, n_all)}
        if q.kind == QuestionKind.RANKING:
            item["first"] = first
            item["mean_rank"] = round(rank_sum / count, 2) if count else None
            item["points"] = 0
        options.append(item)
    if q.kind == QuestionKind.RANKING:
        # Borda: an option ranked r of at most m gets m - r + 1 points, so its points are
        # count * (m + 1) - (sum of its ranks): no extra query.
        m = q.max_choices or len(q.options)
        for i, item in enumerate(options):
            item["points"] = int(total[i][0]) * (m + 1) - int(total[i][1])
    result: dict[str, Any] = {
        "id": q.pk,
        "kind": q.kind,
        "text": q.text,
        "n": n_all,
        "options": options,
        "neighbourhoods": hoods,
        "max_pct": max([o["pct"] for o in options], default=0.0),
    }
    if q.kind == QuestionKind.SCALE and n_all:
        result["mean"] = round(float((total[:, 0] * np.arange(1, k + 1)).sum()) / n_all, 2)
    return result


def _number(
    q: Question,
    by_nb: dict[int | None, tuple[int, float | None, float | None, float | None]],
    names: dict[int, str],
    min_shown: int,
) -> dict[str, Any]:
    n_all = sum(v[0] for v in by_nb.values())
    total = sum((v[1] or 0.0) for v in by_nb.values())
    lows = [v[2] for v in by_nb.values() if v[2] is not None]
    highs = [v[3] for v in by_nb.values() if v[3] is not None]
    hoods: list[dict[str, Any]] = []
    for nb, (n, s, _low, _high) in by_nb.items():
        if nb is None:
            continue
        suppressed = n < min_shown
        hoods.append(
            {
                "name": names.get(nb, "?"),
                "n": None if suppressed else n,
                "suppressed": suppressed,
                "mean": None if suppressed else round((s or 0.0) / n, 2),
            }
        )
    hoods.sort(key=lambda r: str(r["name"]))
    return {
        "id": q.pk,
        "kind": q.kind,
        "text": q.text,
        "n": n_all,
        "mean": round(total / n_all, 2) if n_all else None,
        "min": min(lows) if lows else None,
        "max": max(highs) if highs else None,
        "options": [],
        "neighbourhoods": hoods,
        "max_pct": 0.0,
    }


def _number_arrays(rows: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Question id, neighbourhood id (0 = unknown) and value of every number answer."""
    found = list(rows.values_list("question_id", "neighbourhood_id", "number"))
    q_arr = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
    nb_arr = np.fromiter((r[1] or 0 for r in found), dtype=np.int64, count=len(found))
    values = np.fromiter((r[2] for r in found), dtype=np.float64, count=len(found))
    return q_arr, nb_arr, values


def _histograms(
    numbers: tuple[np.ndarray, np.ndarray, np.ndarray], items: list[dict[str, Any]]
) -> None:
    """Number questions as bars: equal-width bins between the smallest and largest answer."""
    q_arr, _nb, all_values = numbers
    for item in items:
        values = all_values[q_arr == item["id"]]
        if not len(values):
            continue
        low, high = float(values.min()), float(values.max())
        bins = HISTOGRAM_BINS if high > low else 1
        counts, edges = np.histogram(
            values, bins=bins, range=(low, high if high > low else low + 1)
        )
        n = int(len(values))
        item["options"] = [
            {
                "label": f"{_fmt(edges[i])} – {_fmt(edges[i + 1])}",
                "count": int(c),
                "pct": _pct(int(c), n),
            }
            for i, c in enumerate(counts)
        ]
        item["max_pct"] = max(o["pct"] for o in item["options"])


def _fmt(x: float) -> str:
    return str(int(round(x))) if abs(x - round(x)) < 1e-9 else f"{x:.1f}"


def _text(q: Question, by_nb: dict[int | None, tuple[int, Any, Any, Any]]) -> dict[str, Any]:
    n_all = sum(v[0] for v in by_nb.values())
    return {
        "id": q.pk,
        "kind": q.kind,
        "text": q.text,
        "n": n_all,
        "options": [],
        "neighbourhoods": [],
        "max_pct": 0.0,
    }


def open_answers(
    poll: Poll, *, status: str = Moderation.APPROVED, limit: int | None = 200
) -> dict[int, list[dict[str, Any]]]:
    """Open answers per question id (only approved ones are public), at most ``limit`` each.

    One query per open question over the (question, moderation) index, limited in the database.
    """
    out: dict[int, list[dict[str, Any]]] = {}
    text_ids = poll.questions.filter(kind=QuestionKind.TEXT).values_list("pk", flat=True)
    for qid in text_ids:
        rows = (
            Answer.objects.filter(question_id=qid, moderation=status)
            .exclude(text="")
            .order_by("pk")
            .values_list("pk", "text", "channel")
        )
        if limit is not None:
            rows = rows[:limit]
        found = [{"id": pk, "text": text, "channel": channel} for pk, text, channel in rows]
        if found:
            out[qid] = found
    return out


def weighted(poll: Poll, questions: list[Question]) -> dict[str, Any]:
    """Single-choice, multiple-choice and scale answers weighted to the area's adults by age class
    and sex (the monitor's CBS population), with the survey engine's calibration.

    Respondents who did not give their age group and sex are left out of the weighted figures. Where
    the area set has no age figures (today's wijken), the weights correct for sex only and ``by_age``
    says so.
    """
    from sociale_basis.areas.population import population_by_age_sex
    from sociale_basis.engines.survey import calibrate

    table = population_by_age_sex(area_set=poll.area.area_set)
    codes, population = table.codes, table.counts
    inside = {a.code for a in selectors.neighbourhoods(poll)}
    keep = [i for i, c in enumerate(codes) if c in inside]
    if not keep:
        return {"available": False, "reason": "no population figures for this area"}
    pop = population[keep].sum(axis=0)[None, :, :]  # one calibration area: the poll's area
    resp = list(
        PollResponse.objects.filter(
            poll=poll,
            status=ResponseStatus.SUBMITTED,
            age_class__isnull=False,
            sex__isnull=False,
        ).values_list("pk", "age_class", "sex")
    )
    if len(resp) < poll.min_shown:
        return {"available": False, "reason": "too few respondents with age group and sex"}
    ids = np.array([r[0] for r in resp], dtype=np.int64)
    age = np.array([r[1] if table.age_known else 0 for r in resp], dtype=np.int64)
    sex = np.array([r[2] for r in resp], dtype=np.int64)
    cal = calibrate(np.zeros(len(ids), dtype=np.int64), age, sex, None, pop)
    weight_of = dict(zip(ids.tolist(), cal.weights.tolist(), strict=True))
    weighable = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE)
    kinds = {q.pk: q for q in questions if q.kind in weighable}
    rows = Answer.objects.filter(poll=poll, question_id__in=list(kinds)).values_list(
        "question_id", "response_id", "choice"
    )
    sums: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    seen: dict[int, set[int]] = defaultdict(set)
    for qid, rid, choice in rows:
        weight = weight_of.get(rid)
        if weight is None or choice is None:
            continue  # a respondent without age group or sex
        sums[qid][choice] += weight
        seen[qid].add(rid)
    out = {}
    for qid, q in kinds.items():
        base = sum(weight_of[r] for r in seen[qid])
        labels = _options(q)
        out[str(qid)] = [
            _pct(sums[qid].get(c if q.kind != QuestionKind.SCALE else c + 1, 0.0), base)
            for c in range(len(labels))
        ]
    return {
        "available": True,
        "by_age": table.age_known,
        "n": len(ids),
        "deff": round(float(cal.diagnostics.deff_weighting), 2),
        "n_effective": round(float(cal.diagnostics.n_effective), 1),
        "questions": out,
    }
