from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "sociale_basis.ui"
    verbose_name = _("User interface")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .selectors import invalidate_on_change

        # A change to any module's record invalidates the home page's cached counts.
        post_save.connect(invalidate_on_change, dispatch_uid="ui-home-offers-save")
        post_delete.connect(invalidate_on_change, dispatch_uid="ui-home-offers-delete")
