from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sociale_basis.ui.urls")),
    path("gebieden/", include("sociale_basis.areas.urls")),
    path("monitor/", include("sociale_basis.monitor.urls")),
    path("hulp/", include("sociale_basis.helping.urls")),
    path("initiatieven/", include("sociale_basis.initiatives.urls")),
    path("meedoen/", include("sociale_basis.participation.urls")),
    path("sociale-kaart/", include("sociale_basis.network.urls")),
    path("nieuws/", include("sociale_basis.news.urls")),
    path("verantwoording/", include("sociale_basis.accountability.urls")),
    path("buurtbemiddeling/", include("sociale_basis.mediation.urls")),
    path("vrijwilligerswerk/", include("sociale_basis.volunteering.urls")),
    path("account/", include("sociale_basis.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("sociale_basis.api.urls")),
    path("health/", include("sociale_basis.core.urls")),
]

handler403 = "sociale_basis.ui.views.permission_denied"
handler404 = "sociale_basis.ui.views.page_not_found"
handler500 = "sociale_basis.ui.views.server_error"
