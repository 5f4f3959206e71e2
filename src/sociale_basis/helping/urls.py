from django.urls import path

from . import views

app_name = "helping"
urlpatterns = [
    path("", views.index, name="index"),
    path("cijfers/", views.figures, name="figures"),
    path("mijn/", views.mine, name="mine"),
    path("vragen/", views.request_list, name="requests"),
    path("vragen/nieuw/", views.request_new, name="request_new"),
    path("vragen/<int:pk>/", views.request_detail, name="request"),
    path("vragen/<int:pk>/helpen/", views.request_help, name="request_help"),
    path("vragen/<int:pk>/annuleren/", views.request_cancel, name="request_cancel"),
    path("vragen/<int:pk>/doorverwijzen/", views.request_refer, name="request_refer"),
    path("match/<int:pk>/accepteren/", views.match_accept, name="match_accept"),
    path("match/<int:pk>/intrekken/", views.match_withdraw, name="match_withdraw"),
    path("match/<int:pk>/bericht/", views.match_message, name="match_message"),
    path("match/<int:pk>/contact/", views.match_contact, name="match_contact"),
    path("match/<int:pk>/afloop/", views.match_followup, name="match_followup"),
    path("aanbod/nieuw/", views.offer_new, name="offer_new"),
    path("aanbod/<int:pk>/", views.offer_detail, name="offer"),
    path("melden/", views.report, name="report"),
    path("blokkeren/<int:user_pk>/", views.block, name="block"),
    path("moderatie/", views.moderation, name="moderation"),
    path("moderatie/<int:pk>/", views.report_resolve, name="report_resolve"),
    path("kringen/", views.circles, name="circles"),
    path("kringen/<int:pk>/", views.circle_detail, name="circle"),
    path("kringen/<int:pk>/agenda.ics", views.circle_ical, name="circle_ical"),
]
