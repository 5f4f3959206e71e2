"""Local accounts: sign-up with e-mail verification, login, password reset (django-allauth)."""

import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-77"


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_sign_up_needs_a_verified_email_before_login(client, django_user_model):
    from sociale_basis.areas.selectors import area_set_current, place_list

    # Signing up asks for the resident's place (accounts/forms.py); its code is a clear answer.
    area = place_list(area_set=area_set_current()).first().code
    response = client.post(
        "/account/signup/",
        {"email": "Nieuw@Example.org", "password1": PASSWORD, "password2": PASSWORD, "area": area},
    )
    assert response.status_code == 302
    user = django_user_model.objects.get(email="nieuw@example.org")
    assert len(mail.outbox) == 1
    # Not verified yet: logging in sends the user to the verification notice, not the site.
    client.logout()
    response = client.post("/account/login/", {"login": "nieuw@example.org", "password": PASSWORD})
    assert "/account/confirm-email/" in response["Location"]
    assert "_auth_user_id" not in client.session
    link = _link(mail.outbox[-1])
    client.post(link)
    response = client.post("/account/login/", {"login": "nieuw@example.org", "password": PASSWORD})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk


def test_wrong_password_is_refused_with_a_message(client):
    response = client.post(
        "/account/login/", {"login": "bewoner@demo.sociale-basis.nl", "password": "fout"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "wachtwoord is niet correct" in response.content.decode()


def test_password_reset_by_email(client):
    client.post("/account/password/reset/", {"email": "bewoner@demo.sociale-basis.nl"})
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"password1": "nieuw-wachtwoord-123", "password2": "nieuw-wachtwoord-123"}
    )
    assert response.status_code == 302
    assert (
        client.post(
            "/account/login/",
            {"login": "bewoner@demo.sociale-basis.nl", "password": "nieuw-wachtwoord-123"},
        ).status_code
        == 302
    )


def test_demo_users_can_log_in(client):
    from sociale_basis.accounts.demo import DEMO_PASSWORD

    response = client.post(
        "/account/login/", {"login": "beheer@demo.sociale-basis.nl", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
