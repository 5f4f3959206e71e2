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
        from . import privacy

        privacy.register()
