"""The ``survey estimate`` command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sociale_basis.engines.survey.cli import main

SRC = Path(__file__).resolve().parents[4]


def _write(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def nhanes_csv(tmp_path: Path, nhanes2: dict[str, np.ndarray]) -> str:
    cols = ["stratid", "psuid", "region", "finalwgt", "zinc", "highbp"]
    lines = [",".join(cols)]
    for i in range(nhanes2["stratid"].shape[0]):
        vals = []
        for c in cols:
            v = nhanes2[c][i]
            vals.append(
                ""
                if isinstance(v, float) and np.isnan(v)
                else str(int(v))
                if float(v).is_integer()
                else str(v)
            )
        lines.append(",".join(vals))
    return _write(tmp_path, "\n".join(lines) + "\n", "nhanes2.csv")


def test_estimate_json_matches_library_and_samplics(
    nhanes_csv: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import warnings

    warnings.simplefilter("ignore", FutureWarning)
    from samplics.estimation import TaylorEstimator
    from samplics.utils.types import PopParam

    argv = [
        "estimate",
        nhanes_csv,
        "--y",
        "highbp",
        "--weight",
        "finalwgt",
        "--stratum",
        "stratid",
        "--psu",
        "psuid",
        "--domain",
        "region",
        "--proportion",
        "--json",
    ]
    assert main(argv) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["df"] == 31 and doc["ci_method"] == "logit"
    import pandas as pd

    df = pd.read_csv(nhanes_csv)
    ref = TaylorEstimator(PopParam.prop)
    ref.estimate(
        y=df.highbp, samp_weight=df.finalwgt, stratum=df.stratid, psu=df.psuid, domain=df.region
    )
    assert [r["domain"] for r in doc["results"]] == ["1", "2", "3", "4"]
    for rec in doc["results"]:
        d = int(rec["domain"])
        got = (rec["estimate"], rec["se"], rec["ci_lower"], rec["ci_upper"])
        want = (ref.point_est[d][1], ref.stderror[d][1], ref.lower_ci[d][1], ref.upper_ci[d][1])
        np.testing.assert_allclose(got, want, rtol=5e-5)
        assert rec["n"] > 2000 and rec["suppressed"] is False


def test_overall_mean_without_domain(nhanes_csv: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "estimate",
                nhanes_csv,
                "--y",
                "zinc",
                "--weight",
                "finalwgt",
                "--stratum",
                "stratid",
                "--psu",
                "psuid",
                "--json",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["results"]) == 1
    rec = doc["results"][0]
    assert rec["domain"] is None and rec["n"] == 9189
    assert rec["estimate"] == pytest.approx(87.18206705, rel=1e-8)
    assert rec["se"] == pytest.approx(0.49448269, rel=1e-6)


def test_suppressed_domain_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["g,y"] + [f"a,{i % 7}" for i in range(40)] + [f"b,{i}" for i in range(5)]
    path = _write(tmp_path, "\n".join(rows))
    assert main(["estimate", path, "--y", "y", "--domain", "g", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)["results"]
    assert res[0]["suppressed"] is False and res[0]["estimate"] == pytest.approx(
        np.mean([i % 7 for i in range(40)])
    )
    assert res[1]["suppressed"] is True and res[1]["estimate"] is None and "30" in res[1]["reason"]
    assert main(["estimate", path, "--y", "y", "--domain", "g", "--min-n", "5", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][1]["estimate"] == pytest.approx(2.0)


def test_missing_column_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "a,b\n1,2\n")
    assert main(["estimate", path, "--y", "c", "--json"]) == 2
    err = capsys.readouterr().err
    assert "'c'" in err and "not found" in err
    assert main(["estimate", path, "--y", "a", "--weight", "w", "--json"]) == 2
    assert "'w'" in capsys.readouterr().err


def test_non_numeric_value_names_column_and_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "y,w\n1,1\n2,1\nabc,1\n")
    assert main(["estimate", path, "--y", "y", "--json"]) == 2
    err = capsys.readouterr().err
    assert "'y'" in err and "row 3" in err and "'abc'" in err


def test_proportion_must_be_zero_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "y\n0\n1\n2\n")
    assert main(["estimate", path, "--y", "y", "--proportion", "--json"]) == 2
    assert "row 3" in capsys.readouterr().err


def test_bad_usage_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["estimate"]) == 2
    assert main(["estimate", str(tmp_path / "nope.csv"), "--y", "y"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_semicolon_csv_with_decimal_commas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "y;w\n1,5;1\n2,5;3\n")
    assert main(["estimate", path, "--y", "y", "--weight", "w", "--min-n", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["estimate"] == pytest.approx(2.25)


def test_python_dash_m(tmp_path: Path) -> None:
    path = _write(tmp_path, "y\n" + "\n".join(str(i % 3) for i in range(60)) + "\n")
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sociale_basis.engines.survey",
            "estimate",
            path,
            "--y",
            "y",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["estimate"] == pytest.approx(1.0)
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "sociale_basis.engines.survey",
            "estimate",
            path,
            "--y",
            "zz",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2 and "'zz'" in bad.stderr
