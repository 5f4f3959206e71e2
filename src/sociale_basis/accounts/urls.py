from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("verwijderen/", views.erase_me, name="erase"),
]
