from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sociale_basis.core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from . import memory

        memory.install()
