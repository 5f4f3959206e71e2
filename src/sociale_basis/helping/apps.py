from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpingConfig(AppConfig):
    name = "sociale_basis.helping"
    verbose_name = _("Help matching")
    # Set nav_label, nav_url and nav_order to add the module to the main navigation.

    nav_label = _("Help each other")
    nav_url = "helping:index"
    nav_order = 30

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import api, demo, figures, permissions, privacy

        offer(
            self,
            api=api.register,
            demo=demo.load,
            permissions=permissions,
            figure_sources=figures.FIGURE_SOURCES,
            indicator_sources=figures.INDICATOR_SOURCES,
            area_offers=figures.area_offers,
            user_activity=figures.user_activity,
        )
        privacy.register()
