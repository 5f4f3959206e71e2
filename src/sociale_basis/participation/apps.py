from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "sociale_basis.participation"
    verbose_name = _("Participation")
    nav_label = _("Take part")
    nav_url = "participation:index"
    nav_order = 40

    def ready(self) -> None:
        from . import privacy

        privacy.register()
