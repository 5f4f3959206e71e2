"""Limits that must hold: the API's rate limits, the two-factor exemption only for the staff provider."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from sociale_basis.accounts.middleware import OIDC_SESSION_KEY
from sociale_basis.accounts.models import User

from .oidc_idp import running_idp
from .test_security import POLICY, _oidc_login, _oidc_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_api_limits(settings):
    rest = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "8/minute"},
    }
    settings.REST_FRAMEWORK = rest
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    api_settings.reload()
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rest["DEFAULT_THROTTLE_RATES"]
    cache.clear()
    yield
    SimpleRateThrottle.THROTTLE_RATES = original
    cache.clear()


def test_anonymous_api_clients_are_limited_with_429_and_retry_after(client, low_api_limits):
    answers = [client.get("/api/v1/areas/", {"limit": 1}) for _ in range(7)]
    assert [r.status_code for r in answers] == [200] * 5 + [429] * 2
    assert int(answers[-1]["Retry-After"]) > 0


def test_logged_in_api_clients_have_their_own_limit(client, low_api_limits):
    client.force_login(User.objects.get(email=POLICY))
    answers = [client.get("/api/v1/areas/", {"limit": 1}).status_code for _ in range(10)]
    assert answers == [200] * 8 + [429] * 2


def test_the_residents_digid_broker_never_exempts_staff_from_two_factor(client, settings):
    user = {"sub": "bsn-9", "email": POLICY, "email_verified": True}
    with running_idp(client_id="sb-digid", client_secret="s3", user=user) as idp:
        settings.SOCIALACCOUNT_PROVIDERS = _oidc_settings(idp, provider_id="digid")
        settings.MFA_REQUIRED_FOR_STAFF = True
        response = _oidc_login(client, idp, provider_id="digid")
    assert response.status_code == 302
    assert OIDC_SESSION_KEY not in client.session
    after = client.get("/gebieden/")
    assert after.status_code == 302 and after["Location"] == "/account/2fa/totp/activate/"


def test_a_refused_oidc_login_marks_nothing(client, settings):
    with running_idp(
        client_id="sb",
        client_secret="goed",
        user={"sub": "x", "email": POLICY, "email_verified": True},
    ) as idp:
        settings.SOCIALACCOUNT_PROVIDERS = _oidc_settings(idp)
        settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["secret"] = "fout"
        _oidc_login(client, idp)
    assert OIDC_SESSION_KEY not in client.session and "_auth_user_id" not in client.session


def test_the_api_documentation_loads_nothing_from_another_host(client):
    body = client.get("/api/v1/docs/").content.decode()
    assert "googleapis" not in body and "gstatic" not in body
    import re

    assert not [
        u
        for u in re.findall(r'(?:src|href)="([^"]+)"', body)
        if u.startswith(("http:", "https:", "//"))
    ]
