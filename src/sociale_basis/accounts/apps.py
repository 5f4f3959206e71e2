from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sociale_basis.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # Registers every role permission with django-rules at start-up (not on first import).
        from . import permissions, privacy  # noqa: F401

        privacy.register()
