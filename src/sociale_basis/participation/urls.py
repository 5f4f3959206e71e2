from django.urls import path

from .agendas import urls as agenda_urls
from .budgets import urls as budget_urls
from .budgets import views as budget_views
from .polls import urls as poll_urls

app_name = "participation"
urlpatterns: list = [
    path("", budget_views.index, name="index"),
    *budget_urls.urlpatterns,
    *poll_urls.urlpatterns,
    *agenda_urls.urlpatterns,
]
