from django.urls import path

from massalia.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.Login.as_view(), name="login"),
    path("deconnexion/", views.Logout.as_view(), name="logout"),
    path("inscription/", views.signup, name="signup"),
]
