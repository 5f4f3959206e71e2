from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "sociale_basis.news"
    verbose_name = _("News for each neighbourhood")
    nav_label = _("News")
    nav_url = "news:index"
    nav_order = 60

    def ready(self) -> None:
        from sociale_basis.core.registry import offer

        from . import demo, figures, permissions, privacy

        offer(
            self,
            demo=demo.load,
            demo_order=150,
            permissions=permissions,
            area_offers=figures.area_offers,
            user_activity=figures.user_activity,
        )
        privacy.register()
