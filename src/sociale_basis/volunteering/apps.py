from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "sociale_basis.volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import demo, figures, permissions, privacy

        offer(
            self,
            demo=demo.load,
            demo_order=120,
            permissions=permissions,
            figure_sources=figures.FIGURE_SOURCES,
            indicator_sources=figures.INDICATOR_SOURCES,
            user_activity=figures.user_activity,
        )
        privacy.register()
