#!/usr/bin/env python3
"""Copy the NL Design System CSS from node_modules into the static files (committed).

Run `npm install` first, then `python scripts/vendor_static.py`. A new user needs neither: the
copied files are committed, so the demo runs with Python alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
DEST = ROOT / "src" / "sociale_basis" / "ui" / "static" / "vendor" / "nlds"

FILES = {
    "@utrecht/component-library-css/dist/index.css": "utrecht-components.css",
    "@utrecht/component-library-css/dist/html.css": "utrecht-html.css",
    "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css": "theme.css",
}


def main() -> None:
    DEST.mkdir(parents=True, exist_ok=True)
    versions = {}
    for src, name in FILES.items():
        shutil.copyfile(NODE / src, DEST / name)
        package = "/".join(src.split("/")[:2])
        versions[package] = json.loads((NODE / package / "package.json").read_text())["version"]
    (DEST / "VERSIONS.json").write_text(json.dumps(versions, indent=2) + "\n")
    print(f"Copied {len(FILES)} files to {DEST.relative_to(ROOT)}: {versions}")


if __name__ == "__main__":
    main()
