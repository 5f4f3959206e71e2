from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "sociale_basis.network"
    verbose_name = _("Social map and networks")
    nav_label = _("Social map")
    nav_url = "network:index"
    nav_order = 50

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import api, demo, figures, permissions, privacy

        offer(
            self,
            api=api.register,
            demo=demo.load,
            permissions=permissions,
            figure_sources=figures.FIGURE_SOURCES,
            area_offers=figures.area_offers,
        )
        privacy.register()
