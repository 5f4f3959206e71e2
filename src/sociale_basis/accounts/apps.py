from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sociale_basis.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import demo, permissions, privacy  # noqa: F401 - permissions: the foundation's rules

        # Demo logins right after the areas (area-team members have an area).
        offer(self, demo=demo.load, demo_order=10)
        privacy.register()
