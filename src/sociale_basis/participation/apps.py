from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "sociale_basis.participation"
    verbose_name = _("Participation")
    nav_label = _("Take part")
    nav_url = "participation:index"
    nav_order = 40

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import api, demo, figures, permissions, privacy

        offer(
            self,
            api=api.register,
            demo=demo.load,
            permissions=permissions,
            area_offers=figures.area_offers,
            user_activity=figures.user_activity,
        )
        privacy.register()
