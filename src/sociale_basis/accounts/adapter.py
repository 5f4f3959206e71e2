"""django-allauth adapters: OIDC logins are marked so that staff who came through the municipality's
provider (which does its own two-factor) are not asked for a second factor again."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .middleware import OIDC_SESSION_KEY


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request: Any, sociallogin: Any) -> None:
        request.session[OIDC_SESSION_KEY] = sociallogin.account.provider
        super().pre_social_login(request, sociallogin)
