from django.urls import path

from . import views

app_name = "volunteering"

urlpatterns = [
    path("", views.index, name="index"),
    path("cursussen/nieuw/", views.course_new, name="course_new"),
    path("cursussen/<int:pk>/", views.course_detail, name="course"),
    path("cursussen/<int:pk>/sessie/", views.session_add, name="session_add"),
    path("sessies/<int:pk>/aanmelden/", views.session_register, name="register"),
    path("sessies/<int:pk>/presentie/", views.attendance, name="attendance"),
    path("aanmeldingen/<int:pk>/afmelden/", views.registration_cancel, name="cancel"),
    path("certificaat/<int:pk>/", views.certificate, name="certificate"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/toestemming/", views.consent, name="consent"),
    path("reacties/", views.responses, name="responses"),
    path("reacties/<int:pk>/", views.response_follow_up, name="follow_up"),
    path("waardering/", views.recognition, name="recognition"),
    path("cijfers/", views.figures, name="figures"),
]
