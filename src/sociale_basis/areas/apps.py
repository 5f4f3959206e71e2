from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "sociale_basis.areas"
    verbose_name = _("Areas")

    nav_label = _("Areas")
    nav_url = "areas:index"
    nav_order = 10
