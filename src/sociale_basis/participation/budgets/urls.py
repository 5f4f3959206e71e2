from django.urls import path

from . import views

urlpatterns = [
    path("wijkbudget/nieuw/", views.round_create, name="budget_create"),
    path("wijkbudget/analyse/", views.study_index, name="budget_study_index"),
    path("wijkbudget/analyse/<int:pk>/", views.study_detail, name="budget_study"),
    path("wijkbudget/<int:pk>/", views.round_detail, name="budget_round"),
    path("wijkbudget/<int:pk>/fasen.ics", views.round_calendar, name="budget_calendar"),
    path("wijkbudget/<int:pk>/idee/", views.idea_submit, name="budget_idea"),
    path("wijkbudget/<int:pk>/idee/<int:project>/", views.idea_detail, name="budget_idea_detail"),
    path("wijkbudget/reacties/", views.comments_review, name="budget_comments_review"),
    path(
        "wijkbudget/<int:pk>/idee/<int:project>/foto/<int:photo>/",
        views.idea_photo,
        name="budget_idea_photo",
    ),
    path("wijkbudget/<int:pk>/stemmen/", views.vote, name="budget_vote"),
    path("wijkbudget/<int:pk>/stemmen/bedankt/", views.thanks, name="budget_thanks"),
    path("wijkbudget/<int:pk>/stembewijs/", views.receipt_check, name="budget_receipt"),
    path("wijkbudget/<int:pk>/uitslag/", views.results, name="budget_results"),
    path("wijkbudget/<int:pk>/uitslag.csv", views.results_csv, name="budget_results_csv"),
    path("wijkbudget/<int:pk>/deel/<int:sub>.pb", views.round_pb, name="budget_pb"),
    path("wijkbudget/<int:pk>/beheer/", views.round_manage, name="budget_manage"),
    path(
        "wijkbudget/<int:pk>/beheer/project/<int:project>/",
        views.project_review,
        name="budget_review",
    ),
    path("wijkbudget/<int:pk>/beheer/stemcodes/", views.codes, name="budget_codes"),
    path("wijkbudget/<int:pk>/beheer/papier/", views.paper, name="budget_paper"),
]
