from django.urls import path

from . import agenda_urls, budget_urls, budget_views, poll_urls

app_name = "participation"
urlpatterns: list = [
    path("", budget_views.index, name="index"),
    *budget_urls.urlpatterns,
    *poll_urls.urlpatterns,
    *agenda_urls.urlpatterns,
]
