"""Login security: OIDC end to end, two-factor for staff, brute-force lockout, session expiry."""

import urllib.request
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings

from sociale_basis.accounts.demo import DEMO_PASSWORD
from sociale_basis.accounts.middleware import OIDC_SESSION_KEY
from sociale_basis.accounts.models import Role, User

from .oidc_idp import running_idp

pytestmark = pytest.mark.django_db

RESIDENT = "bewoner@demo.sociale-basis.nl"
POLICY = "beleid@demo.sociale-basis.nl"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _oidc_settings(idp, provider_id="gemeente"):
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": "Test gemeente",
                    "client_id": idp.client_id,
                    "secret": idp.client_secret,
                    "settings": {"server_url": idp.url, "token_auth_method": "client_secret_post"},
                }
            ],
        }
    }


def _oidc_login(client, idp, provider_id="gemeente"):
    response = client.post(f"/account/oidc/{provider_id}/login/")
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(idp.url + "/authorize?") and "code_challenge=" in authorize
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(authorize)
        raise AssertionError("the provider should redirect back")
    except urllib.error.HTTPError as exc:
        callback = exc.headers["Location"]
    parts = urlsplit(callback)
    return client.get(f"{parts.path}?{parts.query}")


def test_staff_log_in_end_to_end_through_the_municipality_oidc_provider(client, settings):
    user = {"sub": "mdw-42", "email": POLICY, "email_verified": True, "name": "Beleid"}
    with running_idp(client_id="sociale-basis", client_secret="geheim", user=user) as idp:
        settings.SOCIALACCOUNT_PROVIDERS = _oidc_settings(idp)
        settings.MFA_REQUIRED_FOR_STAFF = True
        response = _oidc_login(client, idp)
        assert response.status_code == 302, response.content[:500]
        assert idp.token_requests == 1
    assert (
        int(client.session["_auth_user_id"]) == User.objects.get(email=POLICY).pk
    )  # connected by e-mail
    assert client.session[OIDC_SESSION_KEY] == "gemeente"
    # Came through OIDC: no second factor asked, even though staff must otherwise have one.
    assert client.get("/gebieden/").status_code == 200


def test_a_resident_logs_in_with_a_new_account_through_the_digid_broker(client, settings):
    user = {"sub": "bsn-hash-1", "email": "nieuw.digid@example.org", "email_verified": True}
    with running_idp(client_id="sb-digid", client_secret="s3", user=user) as idp:
        settings.SOCIALACCOUNT_PROVIDERS = _oidc_settings(idp, provider_id="digid")
        response = _oidc_login(client, idp, provider_id="digid")
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw.digid@example.org").exists()


def test_a_wrong_client_secret_logs_nobody_in(client, settings):
    with running_idp(
        client_id="sociale-basis",
        client_secret="goed",
        user={"sub": "x", "email": POLICY, "email_verified": True},
    ) as idp:
        settings.SOCIALACCOUNT_PROVIDERS = _oidc_settings(idp)
        settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]["secret"] = "fout"
        _oidc_login(client, idp)
    assert "_auth_user_id" not in client.session


def test_staff_without_oidc_must_set_up_two_factor(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.post("/account/login/", {"login": POLICY, "password": DEMO_PASSWORD})
    response = client.get("/gebieden/")
    assert response.status_code == 302 and response["Location"] == "/account/2fa/totp/activate/"
    # Residents are not forced.
    client.logout()
    client.post("/account/login/", {"login": RESIDENT, "password": DEMO_PASSWORD})
    assert client.get("/gebieden/").status_code == 200


def test_two_factor_login_with_totp_and_with_a_recovery_code(client, settings):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    settings.MFA_REQUIRED_FOR_STAFF = True
    user = User.objects.get(email=POLICY)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()

    response = client.post("/account/login/", {"login": POLICY, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/account/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    response = client.post("/account/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    code = format(hotp_value(secret, next(yield_hotp_counters_from_time())), "06d")
    response = client.post("/account/2fa/authenticate/", {"code": code})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    assert client.get("/gebieden/").status_code == 200

    client.logout()
    client.post("/account/login/", {"login": POLICY, "password": DEMO_PASSWORD})
    client.post("/account/2fa/authenticate/", {"code": codes[0]})
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Authenticator.objects.filter(user=user).count() == 2


def test_brute_force_is_locked_out_even_with_the_right_password_afterwards(client, settings):
    # allauth has its own (softer) rate limit on failed logins; switch it off to test the lockout itself.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": None}
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            "/account/login/", {"login": RESIDENT, "password": "fout"}, REMOTE_ADDR="10.9.8.7"
        )
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    response = client.post(
        "/account/login/", {"login": RESIDENT, "password": DEMO_PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 429
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("email", "seconds"), [(RESIDENT, 15 * 60), (POLICY, 60 * 60)])
def test_sessions_expire_after_idle_time_per_kind_of_user(client, email, seconds):
    client.post("/account/login/", {"login": email, "password": DEMO_PASSWORD})
    response = client.get("/")
    assert client.session.get_expiry_age() == seconds
    assert 'class="sb-session"' in response.content.decode()  # the page says when the session ends
    cookie = (
        response.cookies.get(settings.SESSION_COOKIE_NAME)
        or client.cookies[settings.SESSION_COOKIE_NAME]
    )
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_session_ends_after_the_idle_time(client):
    from freezegun import freeze_time

    with freeze_time("2026-11-22 10:00:00") as frozen:
        client.post("/account/login/", {"login": RESIDENT, "password": DEMO_PASSWORD})
        client.get("/")
        frozen.tick(14 * 60)
        assert (
            client.get("/account/mijn-gegevens/").status_code == 200
        )  # activity slides the expiry
        frozen.tick(16 * 60)
        response = client.get("/account/mijn-gegevens/")
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_staff_role_check_uses_roles_not_only_the_django_flag():
    from sociale_basis.accounts.middleware import is_staff_user

    assert is_staff_user(User.objects.get(email=POLICY))
    assert not is_staff_user(User.objects.get(email=RESIDENT))
    assert Role.POLICY_OFFICER in {a.role for a in User.objects.get(email=POLICY).roles.all()}
