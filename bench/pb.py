"""Benchmark: our pb engine and pabutools 1.2.3 side by side on the pabulib reference files.

Per file and rule (parse, greedy, mes = plain MES, mes-add1 = MES + Add1) it prints our seconds,
pabutools' seconds measured live in this run, the ratio, and pabutools' seconds recorded in
reference_outcomes.json. pabutools runs in a subprocess with a timeout; a run that hits it is
shown as "> N s (timeout)" and the ratio as a lower bound (">"). Checks that our set of winners
equals pabutools' whenever both finished.

    .venv/bin/python bench/pb.py                      # everything (pabutools MES+Add1 is slow)
    .venv/bin/python bench/pb.py --timeout 60         # cap each pabutools call at 60 s
    .venv/bin/python bench/pb.py --files Poland_Warszawa_2026.pb --rules mes-add1
    .venv/bin/python bench/pb.py --skip-slow-reference  # use the recorded time when > timeout
    .venv/bin/python bench/pb.py --cli-only             # only the whole-process command-line times

It also prints the whole-process time of the command line (`sociale-basis pb FILE --rule mes-add1`):
with Numba's on-disk cache empty (the kernel is compiled) and filled (it is loaded), beside the
in-process time the command reports, and the time a server worker spends warming the kernel at start.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sociale_basis.core.testing import reference_dir  # noqa: E402
from sociale_basis.engines.pb import equal_shares, greedy, read_pb  # noqa: E402
from sociale_basis.engines.pb._kernels import mes_float  # noqa: E402

DATA = reference_dir("pabulib")
RULES = ("parse", "greedy", "mes", "mes-add1")
RECORDED = {"parse": "parse", "greedy": "greedy", "mes": "mes_plain", "mes-add1": "mes"}

REFERENCE = r"""
import json, sys, time
from pabutools.election import parse_pabulib, Cost_Sat, Additive_Cardinal_Sat, AdditiveSatisfaction
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
path, rule = sys.argv[1], sys.argv[2]
start = time.perf_counter()
instance, profile = parse_pabulib(path)
parse = time.perf_counter() - start
mp = profile.as_multiprofile()
cumulative = instance.meta["vote_type"] in ("cumulative", "scoring")
class PointsTimesCost(AdditiveSatisfaction):
    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, lambda i, pr, b, p, d: b.get(p, 0) * p.cost)
sat = Additive_Cardinal_Sat if cumulative else Cost_Sat
start = time.perf_counter()
if rule == "parse":
    out, seconds = [], parse
else:
    if rule == "greedy":
        out = greedy_utilitarian_welfare(instance, mp, sat_class=PointsTimesCost if cumulative else Cost_Sat)
    elif rule == "mes":
        out = method_of_equal_shares(instance, mp, sat_class=sat)
    else:
        out = method_of_equal_shares(instance, mp, sat_class=sat, voter_budget_increment=1)
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "selected": sorted(p.name for p in out)}))
"""


def _seconds(value: float, digits: int) -> str:
    """Seconds with ``digits`` decimals, or 6 below 0.01 s (tiny files take microseconds)."""
    return f"{value:.{6 if value < 0.01 else digits}f}"


def ours(path: Path, rule: str) -> tuple[float, set[str]]:
    """Our seconds (best of a few for fast runs) and winners."""
    best = float("inf")
    winners: set[str] = set()
    election = read_pb(path)
    for _ in range(3):
        start = time.perf_counter()
        if rule == "parse":
            read_pb(path)
        elif rule == "greedy":
            winners = set(greedy(election).selected)
        elif rule == "mes":
            winners = set(equal_shares(election, add1=False).selected)
        else:
            winners = set(equal_shares(election).selected)
        best = min(best, time.perf_counter() - start)
        if best > 1.0:
            break
    return best, winners


def reference(path: Path, rule: str, timeout: float) -> tuple[float | None, set[str]]:
    """pabutools' seconds in a subprocess (None on timeout) and winners."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", REFERENCE, str(path), rule],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, set()
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), set(result["selected"])


def cli_times(names: list[str]) -> None:
    """Whole-process wall time of `sociale-basis pb` (cold and warm Numba cache) and of the warm-up."""
    import shutil
    import tempfile

    cli = [sys.executable, "-m", "sociale_basis.cli"]
    print("| file | Numba cache | whole process (s) | in-process count (s) |")
    print("|---|---|---:|---:|")
    for name in names:
        cache = tempfile.mkdtemp(prefix="sb-numba-")
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        try:
            for label in ("empty (compile)", "filled (load)"):
                start = time.perf_counter()
                done = subprocess.run(
                    [*cli, "pb", str(DATA / name), "--rule", "mes-add1", "--json"],
                    capture_output=True, text=True, env=env, check=True,
                )  # fmt: skip
                whole = time.perf_counter() - start
                inner = json.loads(done.stdout)["seconds"]
                print(f"| {name} | {label} | {whole:.2f} | {inner:.3f} |", flush=True)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    warm = subprocess.run(
        [sys.executable, "-c", "from sociale_basis.engines.pb import warm; print(warm())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    print(f"\nworker warm-up at start (cache filled): {float(warm.stdout):.2f} s\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--files", nargs="*", help="file names in the data folder (default: all)")
    parser.add_argument("--rules", nargs="*", choices=RULES, default=list(RULES))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per pabutools call")
    parser.add_argument(
        "--skip-slow-reference",
        action="store_true",
        help="do not run pabutools where its recorded time exceeds --timeout",
    )
    parser.add_argument("--cli-only", action="store_true", help="only the command-line timings")
    args = parser.parse_args(argv)
    cli_times(args.files or ["Netherlands_Amsterdam_643.pb", "Netherlands_Assen_2024.pb"])
    if args.cli_only:
        return 0
    recorded = json.loads((DATA / "reference_outcomes.json").read_text())
    names = args.files or sorted(recorded)
    print("load average at start (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    start = time.perf_counter()
    equal_shares(read_pb(DATA / "Netherlands_Assen_2024.pb"))
    mes_float("auto")
    print(f"warm-up (numba load/compile, first run): {time.perf_counter() - start:.2f} s\n")
    header = "| file | rule | ours (s) | pabutools live (s) | ratio | pabutools recorded (s) | same set |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---|")
    for name in names:
        path = DATA / name
        for rule in args.rules:
            mine, winners = ours(path, rule)
            known = recorded[name]["seconds"].get(RECORDED[rule])
            if args.skip_slow_reference and known is not None and known > args.timeout:
                theirs, their_winners = None, set()
            else:
                theirs, their_winners = reference(path, rule, args.timeout)
            if theirs is None:
                live = (
                    f"> {args.timeout:.0f} (timeout)" if not args.skip_slow_reference else "skipped"
                )
                ratio = f"> {args.timeout / mine:,.0f}x" if mine > 0 else "-"
                same = "-"
            else:
                live = _seconds(theirs, 3)
                ratio = f"{theirs / mine:,.0f}x" if mine > 0 else "-"
                same = "-" if rule == "parse" else ("yes" if winners == their_winners else "NO")
            rec = f"{known:.3f}" if known is not None else "-"
            print(
                f"| {name} | {rule} | {_seconds(mine, 4)} | {live} | {ratio} | {rec} | {same} |",
                flush=True,
            )
    print("\nload average at end (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
