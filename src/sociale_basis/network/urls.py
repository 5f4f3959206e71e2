from django.urls import path

from . import views, views_manage

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
    path("activiteiten.csv", views.search_csv, name="search_csv"),
    path("activiteiten.ics", views.area_ics, name="area_ics"),
    path("activiteit/nieuw/", views.activity_new, name="activity_new"),
    path("activiteit/<int:pk>/", views.activity_detail, name="activity"),
    path("activiteit/<int:pk>/bewerken/", views.activity_edit, name="activity_edit"),
    path("activiteit/<int:pk>/agenda.ics", views.activity_ics, name="activity_ics"),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisatie/nieuw/", views.organisation_new, name="organisation_new"),
    path("organisatie/<int:pk>/", views.organisation_detail, name="organisation"),
    path("organisatie/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("locatie/nieuw/", views.venue_new, name="venue_new"),
    path("locatie/<int:pk>/", views.venue_detail, name="venue"),
    path("locatie/<int:pk>/bewerken/", views.venue_edit, name="venue_edit"),
    path("<str:kind>/<int:pk>/status/", views.entry_transition, name="transition"),
    path("<str:kind>/<int:pk>/nagekeken/", views.entry_checked, name="checked"),
    path("mijn-vermeldingen/", views.my_entries, name="mine"),
    path("importeren/", views.import_organisations, name="import"),
    path("netwerken/", views.network_list, name="networks"),
    path("netwerk/<int:pk>/", views.network_detail, name="network"),
    path("netwerk/<int:pk>/overleg/nieuw/", views.meeting_new, name="meeting_new"),
    path("netwerk/nieuw/", views_manage.network_edit, name="network_new"),
    path("netwerk/<int:pk>/bewerken/", views_manage.network_edit, name="network_edit"),
    path("netwerk/<int:pk>/leden/", views_manage.member_add, name="member_add"),
    path("netwerk/lid/<int:pk>/verwijderen/", views_manage.member_remove, name="member_remove"),
    path("netwerk/actie/<int:pk>/", views_manage.action_update, name="action_update"),
    path("gebiedsagenda/nieuw/", views_manage.agenda_edit, name="agenda_new"),
    path("gebiedsagenda/<int:pk>/bewerken/", views_manage.agenda_edit, name="agenda_edit"),
    path("gebiedsagenda/<int:pk>/thema/", views_manage.agenda_item_add, name="agenda_item_add"),
    path(
        "gebiedsagenda/thema/<int:pk>/actie/",
        views_manage.agenda_action_add,
        name="agenda_action_add",
    ),
    path(
        "gebiedsagenda/actie/<int:pk>/",
        views_manage.agenda_action_update,
        name="agenda_action_update",
    ),
    path("samenwerking/", views.cooperation, name="cooperation"),
    path("gebiedsagenda/<int:pk>/", views.agenda_detail, name="agenda"),
    path("cijfers/", views.figures, name="figures"),
]
