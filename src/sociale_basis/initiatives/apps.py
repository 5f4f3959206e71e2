from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "sociale_basis.initiatives"
    verbose_name = _("Initiatives and calls")
    nav_label = _("Initiatives")
    nav_url = "initiatives:index"
    nav_order = 30

    def ready(self) -> None:
        import rules

        from sociale_basis.core.registry import offer

        from . import api, demo, figures, permissions, privacy
        from .jury import is_jury_member

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

        if not rules.perm_exists("initiatives.score_initiative"):
            rules.add_perm("initiatives.score_initiative", is_jury_member)
