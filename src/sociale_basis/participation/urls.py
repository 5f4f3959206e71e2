from django.urls import path

from . import views
from .agendas import urls as agendas_urls
from .budgets import urls as budgets_urls
from .polls import urls as polls_urls

app_name = "participation"
urlpatterns: list = [
    path("", views.index, name="index"),
    *budgets_urls.urlpatterns,
    *polls_urls.urlpatterns,
    *agendas_urls.urlpatterns,
]
