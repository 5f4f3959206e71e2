from django.urls import path

from . import views

app_name = "ui"
urlpatterns = [
    path("", views.home, name="home"),
    path("mijn-buurt/", views.my_neighbourhood, name="my_neighbourhood"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("icon.svg", views.icon_svg, name="icon"),
    path("icon-<int:size>.png", views.icon_png, name="icon_png"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
]
