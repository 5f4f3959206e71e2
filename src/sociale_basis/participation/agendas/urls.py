from django.urls import path

from . import views

urlpatterns = [
    path("agenda/", views.agenda_index, name="agenda_index"),
    path("agenda/nieuw/", views.agenda_create, name="agenda_create"),
    path("agenda/<int:pk>/", views.agenda_detail, name="agenda"),
    path("agenda/<int:pk>/voorstel/", views.point_propose, name="agenda_propose"),
    path("agenda/<int:pk>/beheer/", views.agenda_manage, name="agenda_manage"),
    path("agenda/<int:pk>/beheer/punt/<int:point>/", views.point_manage, name="agenda_point"),
    path("agenda/ronde/<int:pk>/meedoen/", views.take_part, name="agenda_take_part"),
    path("agenda/ronde/<int:pk>/bedankt/", views.thanks, name="agenda_thanks"),
    path("agenda/ronde/<int:pk>/prioriteiten/", views.results, name="agenda_results"),
    path("agenda/ronde/<int:pk>/beheer/", views.round_manage, name="agenda_round_manage"),
    path("agenda/ronde/<int:pk>/beheer/codes/", views.codes, name="agenda_codes"),
]
