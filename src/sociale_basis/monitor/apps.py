from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "sociale_basis.monitor"
    verbose_name = _("Neighbourhood monitor")
    nav_label = _("Neighbourhood monitor")
    nav_url = "monitor:index"
    nav_order = 20

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import api, demo, figures, permissions

        offer(
            self,
            api=api.register,
            demo=demo.load,
            permissions=permissions,
            area_offers=figures.area_offers,
            indicator_sources=figures.INDICATOR_SOURCES,
            # After the modules whose figures the demo pulls in (helping, initiatives, network).
            demo_order=150,
        )
