from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "sociale_basis.accountability"
    verbose_name = _("Accountability")

    nav_label = _("Accountability")
    nav_url = "accountability:index"
    nav_order = 70

    def ready(self) -> None:
        # The role table registers its django-rules permissions when it is imported; nothing in the
        # foundation imports it at start-up, so make sure it is (see docs/accountability.md).
        from sociale_basis.accounts import permissions  # noqa: F401

        from .sources import register_builtin_sources

        register_builtin_sources()
