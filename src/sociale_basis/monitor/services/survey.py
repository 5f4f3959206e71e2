"""Survey microdata: parsing a wave, storing it, and the estimation pipeline (calibration, estimates, tests).

Weighting: each wave is calibrated to the population of its area set's figures (the year of those
figures is stored on the wave and shown on the page) by area of the finest level, age class and sex
(area and sex only where CBS publishes no age figures for that level). A neighbourhood with more
respondents than adult inhabitants (a campus, a new estate) or without population figures cannot be
weighted on its own: its whole district is then weighted as one area (the next level up), and its
stratum gets no finite-population correction. The import report names every such neighbourhood.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from sociale_basis.areas.models import Area, AreaSet, Level
from sociale_basis.areas.population import AGE_CLASSES, population_by_age_sex
from sociale_basis.core.imports import ImportFailed, ImportProblem, ImportReport

from .. import reasons
from ..models import Indicator, Kind, Release, SurveyWave, WaveChange
from .files import MAX_PROBLEMS, file_problem, parse_number, read_table, unused_lookalikes
from .indicators import current_revisions
from .values import write_values

SEX_ALIASES = {"man": 0, "m": 0, "male": 0, "1": 0, "vrouw": 1, "v": 1, "female": 1, "f": 1, "2": 1}
BASE_COLUMNS = ("area_code", "age_class", "sex", "weight", "respondent_id")
Progress = Callable[[str, int, int], None]


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def _nothing() -> contextlib.AbstractContextManager[None]:
    return contextlib.nullcontext()


@dataclass
class Microdata:
    """One wave as columns: neighbourhood codes, age and sex indices, design weights, answers."""

    neighbourhood: list[str]
    age: np.ndarray
    sex: np.ndarray
    weight: np.ndarray
    answers: np.ndarray  # respondents x indicators, NaN = no answer
    indicators: list[str] = field(default_factory=list)
    #: Respondent identifiers (panel members keep theirs between waves); empty when not given.
    ids: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            neighbourhood=np.array(self.neighbourhood, dtype="U12"),
            age=self.age.astype(np.int8),
            sex=self.sex.astype(np.int8),
            weight=self.weight.astype(np.float64),
            answers=self.answers.astype(np.float32),
            indicators=np.array(self.indicators, dtype="U80"),
            ids=np.array(self.ids, dtype="U40"),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Microdata:
        with np.load(io.BytesIO(bytes(data))) as z:
            return cls(
                neighbourhood=[str(c) for c in z["neighbourhood"]],
                age=z["age"].astype(np.int64),
                sex=z["sex"].astype(np.int64),
                weight=z["weight"],
                answers=z["answers"].astype(np.float64),
                indicators=[str(k) for k in z["indicators"]],
                ids=[str(i) for i in z["ids"]] if "ids" in z.files else [],
            )


def survey_indicators() -> dict[str, Indicator]:
    return {i.key: i for i in Indicator.objects.filter(kind=Kind.SURVEY)}


def survey_parse(*, path: Path, area_set: AreaSet, notes: list[str] | None = None) -> Microdata:
    """Read and check a microdata CSV/XLSX: area_code, age_class, sex, optional weight and
    respondent_id, and answer columns (the keys of survey indicators; percentages answered 0 or 1).

    Area codes must be places of the chosen area set: areas without children (neighbourhoods, or
    districts where the division has no neighbourhoods, as the 2024 wijken). Columns that look like a known one but are not are noted.
    """
    file = path.name
    records = read_table(path)
    if not records:
        raise file_problem(file, _("the file has no rows"))
    for column in ("area_code", "age_class", "sex"):
        if column not in records[0]:
            raise file_problem(file, _("the column is missing"), row=1, column=column)
    catalogue = survey_indicators()
    columns = [c for c in records[0] if c in catalogue]
    if not columns:
        raise file_problem(
            file, _("no column of the file is a survey indicator of the catalogue"), row=1
        )
    if notes is not None:
        notes.extend(unused_lookalikes(file, list(records[0]), {*BASE_COLUMNS, *catalogue}))
    known = set(
        Area.objects.filter(area_set=area_set, is_leaf=True)
        .exclude(level__in=[Level.MUNICIPALITY, Level.AREA])
        .values_list("code", flat=True)
    )
    problems: list[ImportProblem] = []
    n, k = len(records), len(columns)
    codes: list[str] = []
    ids: list[str] = []
    age = np.zeros(n, dtype=np.int64)
    sex = np.zeros(n, dtype=np.int64)
    weight = np.ones(n, dtype=np.float64)
    answers = np.full((n, k), np.nan)
    is_prop = [catalogue[c].scale == 100 for c in columns]
    seen_ids: dict[str, int] = {}
    for i, record in enumerate(records):
        number = i + 1

        def problem(column: str, message: str, number: int = number) -> None:
            if len(problems) < MAX_PROBLEMS:
                problems.append(ImportProblem(file, number, column, message))

        code = str(record.get("area_code") or "").strip().upper()
        if code not in known:
            problem(
                "area_code",
                _(
                    "the area %(code)r is not an area of the finest level (a neighbourhood, or a "
                    "district without neighbourhoods) of the division of %(year)s"
                )
                % {"code": code, "year": area_set.year},
            )
        codes.append(code)
        if "respondent_id" in record:
            rid = str(record.get("respondent_id") or "").strip()
            if not rid:
                problem("respondent_id", _("the respondent has no identifier"))
            elif rid in seen_ids:
                problem(
                    "respondent_id",
                    _("the same respondent as row %(row)s") % {"row": seen_ids[rid]},
                )
            else:
                seen_ids[rid] = number
            ids.append(rid)
        age_text = str(record.get("age_class") or "").strip()
        if age_text in AGE_CLASSES:
            age[i] = AGE_CLASSES.index(age_text)
        else:
            problem(
                "age_class",
                _("%(value)r is not one of %(allowed)s")
                % {"value": age_text, "allowed": ", ".join(AGE_CLASSES)},
            )
        sex_text = str(record.get("sex") or "").strip().lower()
        if sex_text in SEX_ALIASES:
            sex[i] = SEX_ALIASES[sex_text]
        else:
            problem("sex", _("%(value)r is not man or vrouw") % {"value": sex_text})
        if "weight" in record:
            try:
                w = parse_number(record["weight"])
                if w is None or w <= 0:
                    raise ValueError
                weight[i] = w
            except ValueError:
                problem("weight", _("the weight must be a positive number"))
        for j, column in enumerate(columns):
            try:
                value = parse_number(record.get(column, ""))
            except ValueError:
                problem(column, _("%(value)r is not a number") % {"value": record.get(column)})
                continue
            if value is not None and is_prop[j] and value not in (0.0, 1.0):
                problem(column, _("the answer must be 0 or 1"))
                continue
            answers[i, j] = np.nan if value is None else value
    if problems:
        raise ImportFailed(problems)
    return Microdata(codes, age, sex, weight, answers, columns, ids)


@transaction.atomic
def survey_store_wave(
    *,
    area_set: AreaSet,
    period: int,
    microdata: Microdata,
    label: str,
    synthetic: bool = False,
    release: Release | None = None,
) -> tuple[SurveyWave, bool]:
    """Store (or replace) the microdata of one wave; returns the wave and whether it changed.

    With a release the wave is part of that release (a new wave stays unpublished until then)."""
    data = microdata.to_bytes()
    wave = SurveyWave.objects.filter(area_set=area_set, period=period).first()
    if wave is not None and bytes(wave.data) == data and wave.label == label:
        return wave, False
    is_new = wave is None
    wave = wave or SurveyWave(area_set=area_set, period=period)
    wave.label, wave.synthetic, wave.data = label, synthetic, data
    wave.respondents = len(microdata.neighbourhood)
    if release is not None:
        wave.release = release
        if is_new:
            wave.published = False
    wave.save()
    return wave, True


def survey_import(
    *,
    path: Path,
    year: int,
    period: int,
    dry_run: bool = False,
    estimate: bool = True,
    release: Release | None = None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """Import one wave of survey microdata, then estimate every wave of the area set and store values."""
    file = path.name
    area_set = AreaSet.objects.filter(year=year).first()
    if area_set is None:
        raise file_problem(file, _("there is no area set for %(year)s") % {"year": year})
    progress(_("reading the file"), 0, 4)
    notes: list[str] = []
    microdata = survey_parse(path=path, area_set=area_set, notes=notes)
    report = ImportReport(file=file, dry_run=dry_run)
    report.changes.extend(notes)
    # Outside one transaction so that a job's progress is visible while it runs: the wave (a draft of
    # the release) is stored first, the figures are written in one transaction at the end. A dry run
    # does everything in one transaction and rolls it back.
    with transaction.atomic() if dry_run else _nothing():
        survey_store_wave(
            area_set=area_set,
            period=period,
            microdata=microdata,
            label=_("Survey %(period)s") % {"period": period},
            release=release,
        )
        if estimate:
            inner = survey_estimate(area_set=area_set, release=release, progress=progress)
            report.created, report.updated, report.unchanged = (
                inner.created,
                inner.updated,
                inner.unchanged,
            )
            report.changes.extend(inner.changes)
        if dry_run:
            transaction.set_rollback(True)
    return report


def survey_population(*, area_set: AreaSet) -> tuple[list[str], np.ndarray]:
    """Adults per area of the finest level, age class and sex (see ``areas.population``)."""
    table = population_by_age_sex(area_set=area_set)
    return table.codes, table.counts


def _hierarchy(
    area_set: AreaSet, codes: list[str]
) -> tuple[
    np.ndarray, list[str], np.ndarray, list[str], str, dict[str, str], np.ndarray, list[str]
]:
    """Index arrays from the places up to the city, the area names (for messages), and per place the
    area it is pooled with when it cannot be weighted on its own (its parent: a neighbourhood's
    district, or the area-team area of a district without neighbourhoods).

    Places may be of mixed levels (ADR 0007): a district without neighbourhoods is its own district at
    the neighbourhood level of the engine (the same estimate is stored once for the district)."""
    rows = {
        code: (level, parent, name)
        for code, level, parent, name in Area.objects.filter(area_set=area_set).values_list(
            "code", "level", "parent__code", "name"
        )
    }
    names = {code: row[2] for code, row in rows.items()}

    def district_of(c: str) -> str:
        return (rows[c][1] or c) if rows[c][0] == Level.NEIGHBOURHOOD else c

    districts = sorted({district_of(c) for c in codes})
    area_of = {
        d: (
            rows[d][1]
            if rows.get(rows.get(d, ("", None, ""))[1] or "", ("",))[0] == Level.AREA
            else d
        )
        for d in districts
    }
    area_labels = sorted({a or d for d, a in area_of.items()})
    municipality = next(
        (c for c, (lvl, _p, _n) in rows.items() if lvl == Level.MUNICIPALITY), "city"
    )
    nb_to_d = np.array([districts.index(district_of(c)) for c in codes], dtype=np.int64)
    d_to_a = np.array([area_labels.index(area_of[d] or d) for d in districts], dtype=np.int64)
    pools = sorted({rows[c][1] or c for c in codes})
    pool_of = np.array([pools.index(rows[c][1] or c) for c in codes], dtype=np.int64)
    return nb_to_d, districts, d_to_a, area_labels, municipality, names, pool_of, pools


def survey_estimate(
    *,
    area_set: AreaSet,
    min_n: int | None = None,
    release: Release | None = None,
    progress: Progress = _no_progress,
) -> ImportReport:
    """The survey pipeline: calibrate every wave to the population by area, age and sex; estimate every
    survey indicator for every area of every level and the city with the engine (Taylor SEs, 95%
    intervals, suppression below the indicator's minimum respondents, tests against the rest of the
    city); test the change between every two waves (BH within level, indicator and pair); store it.
    Returns counts of values created/updated/unchanged and notes on fallbacks.
    """
    from sociale_basis.engines.survey import (
        EstimationSettings,
        SurveyDesign,
        WaveData,
        calibrate,
        compare_waves,
        estimate_domains,
        hierarchy_levels,
        overlap_covariance,
    )

    report = ImportReport(file=_("survey"))
    waves = list(SurveyWave.objects.filter(area_set=area_set).order_by("period"))
    if not waves:
        return report
    catalogue = survey_indicators()
    population = population_by_age_sex(area_set=area_set)
    codes = population.codes
    index = {c: i for i, c in enumerate(codes)}
    nb_to_d, districts, d_to_a, area_labels, municipality, names, pool_of, pools = _hierarchy(
        area_set, codes
    )
    levels_of = dict(
        Area.objects.filter(area_set=area_set, code__in=codes).values_list("code", "level")
    )
    area_ids = dict(Area.objects.filter(area_set=area_set).values_list("code", "pk"))
    adults = population.adults
    total_steps = 2 * len(waves) + 1
    results = []
    rows: dict[tuple[int, int, int], dict[str, Any]] = {}
    used: dict[int, Indicator] = {}
    for w_i, wave in enumerate(waves):
        progress(_("weighting %(wave)s") % {"wave": wave.label}, 2 * w_i, total_steps)
        data = Microdata.from_bytes(bytes(wave.data))
        keep = [j for j, k in enumerate(data.indicators) if k in catalogue]
        names_k = tuple(data.indicators[j] for j in keep)
        y = data.answers[:, keep]
        nb = np.array([index[c] for c in data.neighbourhood], dtype=np.int64)
        per_area = np.bincount(nb, minlength=len(codes))
        # Fallback: a place with more respondents than adults (a campus) or without population is
        # weighted with the rest of its parent (a neighbourhood with its district, a district without
        # neighbourhoods with its area-team area), and its stratum has no finite-population correction.
        fallback = (per_area > 0) & (per_area >= adults)
        cal_area = nb.copy()
        cal_pop = population.counts
        if fallback.any():
            pooled_p = set(pool_of[np.flatnonzero(fallback)].tolist())
            # Calibration areas: untouched places keep theirs; the places of a pooled parent share one.
            group = np.arange(len(codes))
            for p in pooled_p:
                members = np.flatnonzero(pool_of == p)
                group[members] = members[0]
            uniq, cal_of = np.unique(group, return_inverse=True)
            cal_pop = np.zeros((len(uniq), *population.counts.shape[1:]))
            np.add.at(cal_pop, cal_of, population.counts)
            cal_area = cal_of[nb]
            for a in np.flatnonzero(fallback):
                parent = pools[pool_of[a]]
                values = {
                    "name": names.get(codes[a], codes[a]),
                    "code": codes[a],
                    "n": int(per_area[a]),
                    "adults": int(adults[a]),
                    "year": population.year,
                    "district": names.get(parent, parent),
                }
                if levels_of.get(codes[a]) == Level.NEIGHBOURHOOD:
                    text = _(
                        "%(name)s (%(code)s): %(n)s respondents for %(adults)s adult inhabitants "
                        "(CBS %(year)s); weighted together with its district %(district)s, without "
                        "finite-population correction."
                    )
                else:
                    text = _(
                        "%(name)s (%(code)s): %(n)s respondents for %(adults)s adult inhabitants "
                        "(CBS %(year)s); weighted together with its area %(district)s, without "
                        "finite-population correction."
                    )
                report.changes.append(text % values)
        age = data.age if population.age_known else np.zeros_like(data.age)
        cal = calibrate(cal_area, age, data.sex, data.weight, cal_pop)
        fpc = np.where(fallback | (adults <= 0), 0.0, np.maximum(adults, 1.0))[nb]
        design = SurveyDesign(weights=cal.weights, strata=nb, fpc=fpc)
        levels = hierarchy_levels(
            nb,
            nb_to_d,
            d_to_a,
            neighbourhood_labels=codes,
            district_labels=districts,
            area_labels=area_labels,
            city_label=municipality,
        )
        is_prop = [catalogue[k].scale == 100 for k in names_k]
        threshold = min_n if min_n is not None else max(min(catalogue[k].min_n for k in names_k), 1)
        progress(_("estimating %(wave)s") % {"wave": wave.label}, 2 * w_i + 1, total_steps)
        res = estimate_domains(
            y,
            design,
            levels,
            indicators=names_k,
            proportion=is_prop,
            settings=EstimationSettings(
                min_n=threshold, proportion_ci="logit", compare_to_rest=True, multiple_testing="bh"
            ),
        )
        ids = np.asarray(data.ids if data.ids else [f"{wave.period}-{i}" for i in range(len(nb))])
        results.append((wave, res, WaveData(y=y, weights=cal.weights, levels=levels, ids=ids)))
        _wave_population_note(wave, population, fallback, codes)
        for rec in res.records():
            area_id = area_ids.get(rec["domain"])
            if area_id is None:
                continue
            ind = catalogue[rec["indicator"]]
            used[ind.pk] = ind
            scale = ind.scale if ind.scale == 100 else 1.0
            too_few = rec["n"] < ind.min_n
            suppressed = rec["suppressed"] or too_few
            row: dict[str, Any] = {
                "n": rec["n"],
                "suppressed": suppressed,
                "reason": "",
                "synthetic": wave.synthetic,
                "source": wave.label,
            }
            if suppressed:
                code = rec["reason"] if rec["reason"] == reasons.NO_RESPONDENTS else None
                row["reason"] = code or reasons.reason_code(
                    reasons.TOO_FEW_RESPONDENTS, max(ind.min_n, threshold)
                )
            else:
                row |= {
                    "value": rec["estimate"] * scale,
                    "se": rec["se"] * scale,
                    "lower": rec["lower"] * scale,
                    "upper": rec["upper"] * scale,
                }
                comp = rec.get("vs_rest")
                if rec["level"] != "city" and comp and comp["p_adjusted"] is not None:
                    row["p_rest"] = comp["p_adjusted"]
                    row["vs_rest"] = (1 if comp["diff"] > 0 else -1) if comp["significant"] else 0
            rows[(ind.pk, area_id, wave.period)] = row
    progress(_("testing the changes between waves"), 2 * len(waves), total_steps)
    changes = _wave_changes(results, catalogue, area_ids, rows, compare_waves, overlap_covariance)
    with transaction.atomic():
        write_values(rows, report, revisions=current_revisions(used.values()), release=release)
        _write_changes(changes, release=release)
    progress(_("done"), total_steps, total_steps)
    return report


def _wave_population_note(
    wave: SurveyWave, population: Any, fallback: np.ndarray, codes: list[str]
) -> None:
    level = "|".join([population.level, "age" if population.age_known else "noage"])
    fallback_codes = ",".join(codes[i] for i in np.flatnonzero(fallback))
    if (wave.population_year, wave.population_note, wave.fallback_note) != (
        population.year,
        level,
        fallback_codes,
    ):
        SurveyWave.objects.filter(pk=wave.pk).update(
            population_year=population.year, population_note=level, fallback_note=fallback_codes
        )


def _wave_changes(
    results: list[tuple[SurveyWave, Any, Any]],
    catalogue: dict[str, Indicator],
    area_ids: dict[str, int],
    rows: dict[tuple[int, int, int], dict[str, Any]],
    compare_waves: Any,
    overlap_covariance: Any,
) -> dict[tuple[int, int, int, int], dict[str, Any]]:
    """Every pair of waves (base, later): the change per area and indicator, tested or not with why.

    The consecutive pair also fills the value's ``vs_previous`` (the indicator page shows it)."""
    out: dict[tuple[int, int, int, int], dict[str, Any]] = {}
    for j in range(len(results)):
        wave_t, res_t, data_t = results[j]
        for i in range(j):
            wave_b, res_b, data_b = results[i]
            cov = overlap_covariance(res_t, data_t, res_b, data_b)
            comp = compare_waves(res_t, res_b, covariance=cov)
            base_names = set(res_b.indicators)
            for r, label in enumerate(res_t.domain_label):
                area_id = area_ids.get(label)
                if area_id is None:
                    continue
                for k, name in enumerate(res_t.indicators):
                    ind = catalogue[name]
                    row: dict[str, Any] = {}
                    if name not in base_names:
                        row["reason"] = reasons.TEST_NOT_IN_BOTH
                    elif not np.isfinite(comp.p_value[r, k]):
                        row["reason"] = reasons.TEST_SUPPRESSED
                    else:
                        factor = ind.scale if ind.scale == 100 else 1.0
                        diff = float(comp.diff[r, k]) * factor
                        se = float(comp.se[r, k]) * factor
                        row |= {
                            "diff": diff,
                            "se": se,
                            # On the scale of the values (percent: x 100^2), like diff and se.
                            "covariance": float(cov[r, k]) * factor * factor,
                            "p_value": float(comp.p_value[r, k]),
                            "p_adjusted": float(comp.p_adjusted[r, k]),
                            "result": (1 if diff > 0 else -1) if comp.significant[r, k] else 0,
                            "reason": "",
                        }
                    out[(ind.pk, area_id, wave_b.period, wave_t.period)] = row
                    if i == j - 1 and "result" in row:
                        value = rows.get((ind.pk, area_id, wave_t.period))
                        if value is not None and not value["suppressed"]:
                            value["vs_previous"] = row["result"]
                            value["p_previous"] = row["p_adjusted"]
    return out


CHANGE_FIELDS = ("diff", "se", "covariance", "p_value", "p_adjusted", "result", "reason")


def _write_changes(
    changes: dict[tuple[int, int, int, int], dict[str, Any]], *, release: Release | None
) -> None:
    """Store the wave-to-wave tests (drafts of the release, or published without one)."""
    if not changes:
        return
    published = release is None
    ind_ids = {k[0] for k in changes}
    existing = {
        (c.indicator_id, c.area_id, c.base_period, c.period): c
        for c in WaveChange.objects.filter(indicator_id__in=ind_ids, published=published)
    }
    public = (
        existing
        if published
        else {
            (c.indicator_id, c.area_id, c.base_period, c.period): c
            for c in WaveChange.objects.filter(indicator_id__in=ind_ids, published=True)
        }
    )
    create, drop = [], []
    for key, data in changes.items():
        full = {f: data.get(f) for f in CHANGE_FIELDS}
        full["reason"] = full["reason"] or ""
        pub = public.get(key)
        if pub is not None and all(_close(getattr(pub, f), full[f]) for f in CHANGE_FIELDS):
            if not published and key in existing:
                drop.append(existing[key].pk)
            continue
        if key in existing:
            drop.append(existing[key].pk)
        create.append(
            WaveChange(
                indicator_id=key[0],
                area_id=key[1],
                base_period=key[2],
                period=key[3],
                published=published,
                release=release,
                **full,
            )
        )
    for i in range(0, len(drop), 500):
        WaveChange.objects.filter(pk__in=drop[i : i + 500]).delete()
    WaveChange.objects.bulk_create(create, batch_size=500)


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return bool(a == b)
