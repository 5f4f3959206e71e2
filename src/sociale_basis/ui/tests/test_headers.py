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

    monkeypatch.setenv("SB_SECRET_KEY", "x" * 60)
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
    production = importlib.import_module("sociale_basis.conf.production")
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
    assert production.MFA_REQUIRED_FOR_STAFF


def test_production_refuses_the_default_secret_key(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SB_SECRET_KEY", raising=False)
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("sociale_basis.conf.production")
    sys.modules.pop("sociale_basis.conf.production", None)
    sys.modules.pop("sociale_basis.conf.base", None)
