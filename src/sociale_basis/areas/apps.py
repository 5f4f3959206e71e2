from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "sociale_basis.areas"
    verbose_name = _("Areas")

    nav_label = _("Areas")
    nav_url = "areas:index"
    nav_order = 10

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import api, demo

        # Areas first: every other module's demo records belong to an area.
        offer(self, api=api.register, demo=demo.load, demo_order=0)
