from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "sociale_basis.network"
    verbose_name = _("Social map and networks")
    nav_label = _("Social map")
    nav_url = "network:index"
    nav_order = 50

    def ready(self) -> None:
        from . import privacy

        privacy.register()
