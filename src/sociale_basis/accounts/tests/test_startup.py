"""The role table is registered when Django starts, not when a test happens to import it."""

import subprocess
import sys


def test_permissions_exist_in_a_fresh_process():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sociale_basis.conf.ci'; django.setup();"
        "import rules; print(rules.perm_exists('areas.change_area'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("True")
