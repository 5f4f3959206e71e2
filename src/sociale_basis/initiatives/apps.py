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

        from . import privacy
        from .jury import is_jury_member

        privacy.register()

        if not rules.perm_exists("initiatives.score_initiative"):
            rules.add_perm("initiatives.score_initiative", is_jury_member)
