from django.urls import path

from . import views

urlpatterns = [
    path("peiling/nieuw/", views.poll_create, name="poll_create"),
    path("peiling/<int:pk>/", views.poll_detail, name="poll"),
    path("peiling/<int:pk>/invullen/", views.respond, name="poll_respond"),
    path("peiling/<int:pk>/bedankt/", views.thanks, name="poll_thanks"),
    path("peiling/<int:pk>/resultaten/", views.results, name="poll_results"),
    path("peiling/<int:pk>/resultaten.csv", views.results_csv, name="poll_results_csv"),
    path("peiling/<int:pk>/resultaten.xlsx", views.results_xlsx, name="poll_results_xlsx"),
    path("peiling/<int:pk>/beheer/", views.poll_manage, name="poll_manage"),
    path("peiling/<int:pk>/beheer/papier/", views.paper, name="poll_paper"),
    path("peiling/<int:pk>/beheer/moderatie/", views.moderate, name="poll_moderate"),
    path("peiling/<int:pk>/beheer/codes/", views.codes, name="poll_codes"),
]
