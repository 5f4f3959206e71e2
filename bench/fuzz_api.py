#!/usr/bin/env python3
"""Fuzz the open API from its OpenAPI description with schemathesis against the served demo.

Serves the demo (gunicorn, fresh SQLite) on loopback, then runs `schemathesis run` on
/api/v1/schema/ with the server-error check and the schema-conformance checks. Prints schemathesis'
summary; exits non-zero if any server error (5xx) or other check failure was found.

    python bench/fuzz_api.py [--max-examples 50]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sociale_basis.ui.testing import serve_demo  # noqa: E402

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--max-examples", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sites = serve_demo(Path(tmp), workers=2)
        site = next(sites)
        command = [
            str(Path(sys.executable).with_name("schemathesis")), "run", f"{site.url}/api/v1/schema/",
            "--checks", CHECKS, "--max-examples", str(args.max_examples), "--workers", "2",
            "--phases", "examples,coverage,fuzzing",
        ]  # fmt: skip
        result = subprocess.run(command, check=False)  # noqa: S603
        for _ in sites:
            pass
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
