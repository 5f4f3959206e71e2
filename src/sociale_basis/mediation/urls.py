from django.urls import path

from . import views

app_name = "mediation"

urlpatterns = [
    path("", views.index, name="index"),
    path("melden/", views.report, name="report"),
    path("doorverwijzen/", views.refer, name="refer"),
    path("mijn/", views.mine, name="mine"),
    path("mijn/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("zaken/", views.cases, name="cases"),
    path("zaken/<int:pk>/", views.case_detail, name="case"),
    path("zaken/<int:pk>/<slug:step>/", views.case_step, name="case_step"),
    path("cijfers/", views.figures_page, name="figures"),
]
