from django.urls import path

from . import views

app_name = "monitor"
urlpatterns = [
    path("", views.index, name="index"),
    path("vergelijken/", views.compare, name="compare"),
    path("beheer/", views.manage, name="manage"),
    path("beheer/taak/<int:pk>/", views.job_detail, name="job"),
    path("beheer/publicatie/<int:pk>/", views.release_detail, name="release"),
    path("beheer/publicatie/<int:pk>/<str:action>/", views.release_action, name="release_action"),
    path("gebied/<str:code>/", views.area_compass, name="area"),
    path("gebied/<str:code>/factsheet/", views.factsheet, name="factsheet"),
    path("indicator/nieuw/", views.indicator_new, name="indicator_new"),
    path("indicator/<slug:key>/", views.indicator_detail, name="indicator"),
    path("indicator/<slug:key>/bewerken/", views.indicator_edit, name="indicator_edit"),
]
