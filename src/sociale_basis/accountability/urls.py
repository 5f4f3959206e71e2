from django.urls import path

from . import views

app_name = "accountability"
urlpatterns = [
    path("", views.index, name="index"),
    path("subsidies/", views.grants, name="grants"),
    path("indicatoren/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicatoren/bijwerken/", views.refresh, name="refresh"),
    path("<str:code>/", views.policy_field_detail, name="policy_field"),
    path("<str:code>/hoofdstuk/", views.chapter_create, name="chapter_create"),
    path("<str:code>/indicatoren.xlsx", views.policy_field_xlsx, name="policy_field_xlsx"),
    path("<str:code>/<slug:kind>/<int:year>/", views.chapter_detail, name="chapter"),
    path(
        "<str:code>/<slug:kind>/<int:year>/bestand.<str:fmt>",
        views.chapter_file,
        name="chapter_file",
    ),
    path("<str:code>/<slug:kind>/<int:year>/bewerken/", views.chapter_edit, name="chapter_edit"),
    path("<str:code>/<slug:kind>/<int:year>/stap/", views.chapter_action, name="chapter_action"),
]
