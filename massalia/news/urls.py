from django.urls import path

from massalia.news import feeds, views

app_name = "news"

urlpatterns = [
    path("", views.news_list, name="list"),
    path("articles/<slug:slug>/", views.item, name="item"),
    path("articles/<slug:slug>/image/", views.image, name="image"),
    path("flux.rss", feeds.NewsFeed(), name="rss"),
    path("flux.atom", feeds.AtomNewsFeed(), name="atom"),
    path("themes/<slug:theme>/flux.rss", feeds.NewsFeed(), name="theme_rss"),
    path("themes/<slug:theme>/flux.atom", feeds.AtomNewsFeed(), name="theme_atom"),
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/numeros/<id:pk>/", views.issue, name="issue"),
    path("lettre/envoyee/", views.subscribe_sent, name="subscribe_sent"),
    path("lettre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("lettre/mon-abonnement/", views.my_subscription, name="my_subscription"),
    path("lettre/mon-abonnement/arreter/", views.stop, name="stop"),
]
