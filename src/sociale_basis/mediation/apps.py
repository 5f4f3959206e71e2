from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "sociale_basis.mediation"
    verbose_name = _("Neighbour mediation")

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import demo, figures, permissions, privacy

        offer(
            self,
            demo=demo.load,
            permissions=permissions,
            figure_sources=figures.FIGURE_SOURCES,
            area_offers=figures.area_offers,
        )
        privacy.register()
