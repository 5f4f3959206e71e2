"""Security headers on every page of the shell."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/gebieden/",
    "/gebieden/WK001400/",
    "/toegankelijkheid/",
    "/account/login/",
    "/api/v1/areas/",
    "/bestaat-niet/",
]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers(client, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert (
        "default-src 'self'" in csp and "object-src 'none'" in csp and "'unsafe-inline'" not in csp
    )


def test_production_settings_add_hsts_and_secure_cookies(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("SB_SECRET_KEY", "k7Qv-2mXp9Lr_Tz4Wb8Nc1Hd6Jf3Gs0Ya5Ue" * 2)
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
    production = importlib.import_module("sociale_basis.conf.production")
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
    assert production.MFA_REQUIRED_FOR_STAFF


@pytest.mark.parametrize(
    "key",
    [None, "abcde", "x" * 60, "short-but-not-the-default-key-0123456789"],
    ids=["unset", "5", "one-letter", "40"],
)
def test_production_refuses_a_default_short_or_trivial_secret_key(monkeypatch, key):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    if key is None:
        monkeypatch.delenv("SB_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SB_SECRET_KEY", key)
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
    with pytest.raises(ImproperlyConfigured, match="at least 50 characters"):
        importlib.import_module("sociale_basis.conf.production")
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
