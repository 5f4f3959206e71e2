from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.area_index, name="index"),
    path("zoeken/", views.area_search, name="search"),
    path("<str:code>/", views.area_detail, name="detail"),
]
