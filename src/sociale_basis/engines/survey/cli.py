"""Command line: ``survey estimate FILE.csv --y COL [...] --json``.

``main(argv)`` returns the exit code: 0 on success, 2 on bad input (missing file or column, a value that
is not a number, a proportion that is not 0/1), with a message naming the column and row on stderr.
Also runnable as ``python -m sociale_basis.engines.survey estimate ...``.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import numpy as np

from .design import DesignError, SurveyDesign
from .domains import DomainLevel, city_level
from .estimation import EstimationSettings, estimate_domains, reason_text

MISSING = {"", "na", "nan", ".", "null", "none"}


class InputError(ValueError):
    """Bad input file or column; the message names the column and row."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="survey", description="Survey estimation with Taylor-linearised SEs."
    )
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser(
        "estimate", help="weighted mean/proportion per domain with SE and 95%% interval"
    )
    e.add_argument("file", help="CSV file, one row per respondent, header row with column names")
    e.add_argument(
        "--y", action="append", required=True, metavar="COL", help="indicator column (repeatable)"
    )
    e.add_argument("--weight", metavar="COL", help="weight column (default: all ones)")
    e.add_argument("--stratum", metavar="COL", help="stratum column")
    e.add_argument("--psu", metavar="COL", help="PSU (cluster) column, nested in strata")
    e.add_argument(
        "--fpc", metavar="COL", help="FPC column: sampling rate (<=1) or population PSUs (>1)"
    )
    e.add_argument("--domain", metavar="COL", help="domain column (default: one overall estimate)")
    e.add_argument("--proportion", action="store_true", help="indicators are 0/1 proportions")
    e.add_argument("--ci", choices=["logit", "wilson"], default="logit", help="proportion interval")
    e.add_argument("--min-n", type=int, default=30, help="suppress domains with fewer respondents")
    e.add_argument("--delimiter", default=None, help="CSV delimiter (default: sniffed , or ;)")
    e.add_argument("--json", action="store_true", help="print JSON (default: a text table)")
    return p


def _read_csv(path: str, delimiter: str | None) -> tuple[list[str], list[list[str]]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            sample = fh.read(4096)
            fh.seek(0)
            if delimiter is None:
                delimiter = ";" if sample.count(";") > sample.count(",") else ","
            reader = csv.reader(fh, delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                raise InputError(f"{path}: empty file")
            rows = list(reader)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return [h.strip() for h in header], rows


def _column(header: list[str], rows: list[list[str]], name: str) -> list[str]:
    if name not in header:
        raise InputError(f"column {name!r} not found (columns: {', '.join(header)})")
    j = header.index(name)
    out = []
    for i, row in enumerate(rows):
        if j >= len(row):
            raise InputError(
                f"column {name!r}: row {i + 1} (line {i + 2}) has only {len(row)} fields"
            )
        out.append(row[j].strip())
    return out


def _numeric(values: list[str], name: str, allow_missing: bool) -> np.ndarray:
    out = np.empty(len(values), dtype=np.float64)
    for i, v in enumerate(values):
        if v.lower() in MISSING:
            if not allow_missing:
                raise InputError(f"column {name!r}: row {i + 1} (line {i + 2}) is empty")
            out[i] = np.nan
            continue
        try:
            x = float(v.replace(",", ".") if v.count(",") == 1 and "." not in v else v)
        except ValueError:
            raise InputError(
                f"column {name!r}: row {i + 1} (line {i + 2}): {v!r} is not a number"
            ) from None
        if not math.isfinite(x):
            raise InputError(f"column {name!r}: row {i + 1} (line {i + 2}): {v!r} is not finite")
        out[i] = x
    return out


def _num(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def run_estimate(args: argparse.Namespace, out: TextIO) -> int:
    """Run the ``estimate`` sub-command; raise :class:`InputError` on bad input."""
    header, rows = _read_csv(args.file, args.delimiter)
    if not rows:
        raise InputError(f"{args.file}: no data rows")
    ys = [_numeric(_column(header, rows, c), c, allow_missing=True) for c in args.y]
    if args.proportion:
        for c, col in zip(args.y, ys, strict=True):
            bad = np.flatnonzero(~np.isnan(col) & (col != 0.0) & (col != 1.0))
            if bad.size:
                i = int(bad[0])
                raise InputError(
                    f"column {c!r}: row {i + 1} (line {i + 2}): {col[i]:g} is not 0 or 1"
                )
    weight = (
        _numeric(_column(header, rows, args.weight), args.weight, False) if args.weight else None
    )
    fpc = _numeric(_column(header, rows, args.fpc), args.fpc, False) if args.fpc else None
    strata = _column(header, rows, args.stratum) if args.stratum else None
    psu = _column(header, rows, args.psu) if args.psu else None
    n = len(rows)
    if args.domain:
        level = DomainLevel.from_values(args.domain, _column(header, rows, args.domain))
    else:
        level = city_level(n, "all")
    design = SurveyDesign(weights=weight, strata=strata, psu=psu, fpc=fpc)
    settings = EstimationSettings(
        min_n=args.min_n, proportion_ci=args.ci, compare_to_rest=False, ci_level=0.95
    )
    try:
        res = estimate_domains(
            np.column_stack(ys),
            design,
            [level],
            indicators=args.y,
            proportion=args.proportion,
            settings=settings,
        )
    except DesignError as exc:
        raise InputError(str(exc)) from exc

    results: list[dict[str, Any]] = []
    for k, name in enumerate(res.indicators):
        for r, label in enumerate(res.domain_label):
            results.append(
                {
                    "indicator": name,
                    "domain": label if args.domain else None,
                    "estimate": _num(res.estimate[r, k]),
                    "se": _num(res.se[r, k]),
                    "ci_lower": _num(res.lower[r, k]),
                    "ci_upper": _num(res.upper[r, k]),
                    "n": int(res.n[r, k]),
                    "suppressed": bool(res.suppressed[r, k]),
                    "reason": reason_text(res.reason[r, k], res.settings.min_n) or None,
                }
            )
    if args.json:
        doc = {
            "parameter": "proportion" if args.proportion else "mean",
            "ci_level": 0.95,
            "ci_method": args.ci if args.proportion else "wald",
            "df": res.df,
            "n_rows": n,
            "domain": args.domain,
            "results": results,
        }
        json.dump(doc, out, indent=2)
        out.write("\n")
    else:
        out.write(
            f"{'indicator':<14}{'domain':<16}{'estimate':>12}{'se':>12}{'95% CI':>26}{'n':>8}\n"
        )
        for rec in results:
            if rec["suppressed"]:
                line = f"{'suppressed: ' + str(rec['reason']):>50}"
            else:
                ci = f"[{rec['ci_lower']:.4g}, {rec['ci_upper']:.4g}]"
                line = f"{rec['estimate']:>12.6g}{rec['se']:>12.4g}{ci:>26}"
            out.write(
                f"{rec['indicator']:<14}{str(rec['domain'] or 'all'):<16}{line}{rec['n']:>8}\n"
            )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``survey estimate FILE.csv --y COL ... --json``; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as exc:  # argparse reports usage errors itself
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        if args.command == "estimate":
            return run_estimate(args, sys.stdout)
    except InputError as exc:
        print(f"survey {args.command}: error: {exc}", file=sys.stderr)
        return 2
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
