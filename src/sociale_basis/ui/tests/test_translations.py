"""Every user-facing string is translatable, Dutch is complete, and the committed files are current.

Each app keeps its own locale/ folder; `python scripts/messages.py` regenerates and compiles them all.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PACKAGE = Path(__file__).resolve().parents[2]
APPS = sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))
FIX = "run `python scripts/messages.py`, fill the Dutch, run it again and commit the locale folders"


def _entries(po_path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(po_path)) if not e.obsolete}


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="gettext is not installed (the test script installs it)",
)
@pytest.mark.parametrize("app", APPS)
def test_makemessages_would_not_change_the_committed_po_files(tmp_path, app):
    copy = tmp_path / app
    shutil.copytree(PACKAGE / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (copy / "locale").mkdir(exist_ok=True)
    cli = str(Path(sys.executable).with_name("sociale-basis"))
    subprocess.run(
        [
            cli,
            "makemessages",
            "-l",
            "nl",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for lang in ["nl", "en"]:
        fresh_po = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
        committed_po = PACKAGE / app / "locale" / lang / "LC_MESSAGES" / "django.po"
        fresh = set(_entries(fresh_po)) if fresh_po.exists() else set()
        committed = set(_entries(committed_po)) if committed_po.exists() else set()
        assert fresh == committed, (
            f"{app}/{lang}: {FIX}; new: {sorted(fresh - committed)[:5]}, gone: {sorted(committed - fresh)[:5]}"
        )


@pytest.mark.parametrize("app", APPS)
def test_dutch_is_complete(app):
    po = PACKAGE / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    if not po.exists():
        pytest.skip(f"{app} has no translatable strings")
    missing = [
        e.msgid
        for e in polib.pofile(str(po))
        if e.msgid
        and not e.obsolete
        and not (all(e.msgstr_plural.values()) if e.msgid_plural else e.msgstr)
    ]
    assert missing == [], f"{app}: Dutch translations missing"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")
@pytest.mark.parametrize(
    "po",
    sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po")),
    ids=lambda p: f"{p.parts[-5]}-{p.parts[-3]}",
)
def test_compiled_mo_files_are_current(tmp_path, po):
    out = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(out), str(po)], check=True)
    assert out.read_bytes() == po.with_suffix(".mo").read_bytes(), FIX


def test_one_english_text_has_one_dutch_translation_across_the_apps():
    """Django merges every app's catalogue, and the first app in INSTALLED_APPS wins an msgid: a short
    word translated differently in two apps ("Approve": toekennen or goedkeuren) shows the other app's
    Dutch. Words whose meaning differs get a context (pgettext) instead; the same meaning, one wording."""
    seen: dict[tuple[str | None, str], dict[str, object]] = {}
    for path in sorted(PACKAGE.glob("*/locale/nl/LC_MESSAGES/django.po")):
        app = path.parts[-5]
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            value = (
                entry.msgstr
                if not entry.msgid_plural
                else tuple(sorted(entry.msgstr_plural.items()))
            )
            seen.setdefault((entry.msgctxt, entry.msgid), {})[app] = value
    conflicts = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert conflicts == {}, "\n".join(
        f"{key}: {apps}" for key, apps in sorted(conflicts.items(), key=str)
    )
