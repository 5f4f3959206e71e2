from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "sociale_basis.accountability"
    verbose_name = _("Accountability")

    nav_label = _("Accountability")
    nav_url = "accountability:index"
    nav_order = 70

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import api, demo, permissions, sources

        offer(
            self,
            api=api.register,
            demo=demo.load,
            permissions=permissions,
            indicator_sources=sources.INDICATOR_SOURCES,
            # After the monitor (150), whose published survey estimates fill indicators.
            demo_order=160,
        )
