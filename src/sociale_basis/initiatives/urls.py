from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("oproepen/nieuw/", views.call_create, name="call_create"),
    path("oproep/<slug:slug>/", views.call_detail, name="call"),
    path("oproep/<slug:slug>/bewerken/", views.call_edit, name="call_edit"),
    path("oproep/<slug:slug>/indienen/", views.initiative_edit, name="submit"),
    path("oproep/<slug:slug>/indienen/<int:pk>/", views.initiative_edit, name="edit"),
    path("oproep/<slug:slug>/publiceren/", views.call_publish, name="publish"),
    path("oproep/<slug:slug>/sluiten/", views.call_close, name="close"),
    path("oproep/<slug:slug>/rangorde/", views.ranking, name="ranking"),
    path("mijn/", views.my_initiatives, name="mine"),
    path("mijn/<int:pk>/", views.my_initiative, name="mine_detail"),
    path("rapportage/<int:pk>/", views.report_submit, name="report"),
    path("bijlage/<int:pk>/", views.attachment, name="attachment"),
    path("etalage/", views.showcase, name="showcase"),
    path("etalage/buurt/<str:code>/", views.showcase_area, name="showcase_area"),
    path("etalage/thema/<slug:slug>/", views.showcase_theme, name="showcase_theme"),
    path("etalage/initiatief/<int:pk>/", views.showcase_detail, name="showcase_detail"),
    path("etalage/foto/<int:pk>/", views.showcase_photo, name="showcase_photo"),
    path("netwerk/", views.network, name="network"),
    path("wachtrij/", views.queue, name="queue"),
    path("beoordelen/", views.dashboard, name="dashboard"),
    path("beoordelen/<int:pk>/", views.assess, name="assess"),
    path("jury/", views.review_list, name="reviews"),
    path("jury/<int:pk>/", views.review, name="review"),
    path("budgetten/", views.budgets, name="budgets"),
    path("budgetten/<int:pk>/", views.budget_detail, name="budget"),
]
