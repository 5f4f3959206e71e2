"""Print a fingerprint of every table of a SQLite database: its row count and a hash of its rows.

CI runs the demo twice and compares the fingerprints: a second run must change nothing.
Usage: db_fingerprint.py var/sociale_basis.sqlite3 > before.txt
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys


def main(path: str) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if not r[0].startswith("sqlite_")
    ]
    for table in tables:
        digest = hashlib.sha256()
        count = 0
        for row in db.execute(f'SELECT * FROM "{table}" ORDER BY 1'):  # noqa: S608 - names from the schema
            digest.update(repr(row).encode())
            count += 1
        print(f"{table} {count} {digest.hexdigest()[:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
