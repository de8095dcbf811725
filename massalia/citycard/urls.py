from django.urls import path

from massalia.citycard import views

app_name = "citycard"

urlpatterns = [
    path("", views.my_cards, name="my_cards"),
    path("<int:pk>/", views.card, name="card"),
    path("<int:pk>/recharger/", views.topup, name="topup"),
    path("<int:pk>/perte/", views.loss, name="loss"),
]
