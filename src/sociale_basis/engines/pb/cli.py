"""Command line: ``pb FILE.pb --rule greedy|mes|mes-add1|phragmen [options]``.

Prints the winners (project ids in the order selected), the money used and the seconds taken;
``--json`` prints ``{"selected": [...], "cost": "<exact string>", "seconds": <float>, ...}``.
The cost is an exact decimal string (or ``p/q``) so no precision is lost. Returns 0 on
success and 2 on a missing or malformed file or bad options.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from .model import PbFormatError, exact_number, format_number
from .pabulib import read_pb
from .rules import Outcome, equal_shares, greedy, phragmen


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pb", description="Compute the winners of a participatory-budgeting (.pb) election."
    )
    parser.add_argument("file", help="a pabulib .pb file")
    parser.add_argument(
        "--rule",
        choices=["greedy", "greedy-no-skip", "mes", "mes-add1", "phragmen"],
        default="mes-add1",
    )
    parser.add_argument(
        "--threshold", type=str, default="0", help="greedy: minimum votes (points) a project needs"
    )
    parser.add_argument(
        "--no-exhaustive-stop",
        action="store_true",
        help="mes-add1: keep raising the share until the next step overspends",
    )
    parser.add_argument(
        "--greedy-fill", action="store_true", help="mes, mes-add1: spend what is left by votes"
    )
    parser.add_argument("--tie-break", choices=["id", "cost-votes"], default="id")
    parser.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _run(args: argparse.Namespace) -> Outcome:
    election = read_pb(args.file)
    threshold = exact_number(args.threshold)
    if args.rule in ("greedy", "greedy-no-skip"):
        return greedy(
            election, threshold=threshold, skip=args.rule == "greedy", tie_break=args.tie_break
        )
    if args.rule == "phragmen":
        return phragmen(election, tie_break=args.tie_break)
    return equal_shares(
        election,
        add1=args.rule == "mes-add1",
        exhaustive_stop=not args.no_exhaustive_stop,
        greedy_fill=args.greedy_fill,
        tie_break=args.tie_break,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 on errors)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    start = time.perf_counter()
    try:
        outcome = _run(args)
    except FileNotFoundError:
        print(f"pb: no such file: {args.file}", file=sys.stderr)
        return 2
    except PbFormatError as exc:
        print(f"pb: {args.file} is not a valid .pb file: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"pb: {exc}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - start
    if args.json:
        payload = {
            "rule": outcome.rule,
            "selected": list(outcome.selected),
            "cost": format_number(outcome.cost),
            "budget": format_number(outcome.budget),
            "seconds": round(seconds, 6),
            "near_ties": [
                {"step": t.step, "winner": t.winner, "other": t.other, "gap": t.gap}
                for t in outcome.near_ties
            ],
        }
        print(json.dumps(payload))
    else:
        print(f"rule: {outcome.rule}")
        print("selected: " + " ".join(outcome.selected))
        print(f"cost: {format_number(outcome.cost)} of {format_number(outcome.budget)}")
        print(f"seconds: {seconds:.3f}")
    return 0
