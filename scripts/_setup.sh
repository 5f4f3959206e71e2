# Shared by scripts/demo and scripts/test: a virtual environment with the pinned dependencies.
# Idempotent: a second run only checks a stamp (the hash of the requirements) and returns.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
REQS="requirements/$1.txt"

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Sociale Basis needs Python 3.11 or newer (found: $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv; then
    echo "Could not create a virtual environment. On Debian/Ubuntu: apt-get install python3-venv" >&2
    exit 1
  fi
fi
stamp=".venv/.installed-$1-$(cat "$REQS" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing the pinned dependencies from $REQS into .venv/ (the first time takes a few minutes) ..."
  log=".venv/pip.log"
  if ! { .venv/bin/python -m pip install --upgrade pip \
      && .venv/bin/python -m pip install -r "$REQS" \
      && .venv/bin/python -m pip install --no-deps -e .; } > "$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "Installing the dependencies failed; the whole log is in $log." >&2
    exit 1
  fi
  rm -f ".venv/.installed-$1-"*
  touch "$stamp"
fi
export PATH="$ROOT/.venv/bin:$PATH"
