from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.index, name="index"),
    path("gebied/<str:code>/", views.area_archive, name="area"),
    path("gebied/<str:code>/volgen/", views.follow_here, name="follow_here"),
    path("gebied/<str:code>/atom/", feeds.AreaFeed(), name="area_feed"),
    path("thema/<str:theme>/", views.theme_archive, name="theme"),
    path("thema/<str:theme>/atom/", feeds.ThemeFeed(), name="theme_feed"),
    path("bericht/<int:pk>/", views.item_detail, name="item"),
    path("bericht/<int:pk>/wijzigen/", views.write, name="edit"),
    path("bericht/<int:pk>/controle/", views.check, name="check"),
    path("bericht/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("schrijven/", views.write, name="write"),
    path("mijn-berichten/", views.mine, name="mine"),
    path("controleren/", views.queue, name="queue"),
    path("volgen/", views.follows, name="follows"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
