from django.urls import path

from massalia.citycard import views

app_name = "citycard"

urlpatterns = [
    path("", views.my_cards, name="my_cards"),
    path("<id:pk>/", views.card, name="card"),
    path("<id:pk>/recharger/", views.topup, name="topup"),
    path("<id:pk>/perte/", views.loss, name="loss"),
]
