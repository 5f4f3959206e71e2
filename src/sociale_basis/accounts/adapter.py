"""django-allauth adapters and the two-factor exemption for the municipality's own OIDC provider.

Staff who log in through the municipality's provider (which does its own two-factor) are not asked for a
second factor again. The exemption is granted only for the provider named in `MFA_EXEMPT_OIDC_PROVIDER`
(`SB_MFA_EXEMPT_OIDC_PROVIDER`, default the staff provider `gemeente`), and only once the login has
completed (allauth's `user_logged_in`, which carries the social login): a resident's DigiD broker never
exempts a staff account, and an aborted or refused login marks nothing.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.dispatch import receiver

from .middleware import OIDC_SESSION_KEY


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    pass


@receiver(user_logged_in, dispatch_uid="sb-oidc-mfa-exemption")
def mark_login_through_the_staff_provider(
    sender: Any, request: Any, user: Any, sociallogin: Any = None, **kwargs: Any
) -> None:
    request.session.pop(OIDC_SESSION_KEY, None)
    provider = getattr(getattr(sociallogin, "account", None), "provider", None)
    if provider and provider == settings.MFA_EXEMPT_OIDC_PROVIDER:
        request.session[OIDC_SESSION_KEY] = provider
