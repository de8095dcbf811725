from django.urls import path

from massalia.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.Login.as_view(), name="login"),
    path("deconnexion/", views.Logout.as_view(), name="logout"),
    path("inscription/", views.signup, name="signup"),
    path("", views.my_account, name="my_account"),
    path("mes-donnees/", views.download_my_data, name="download_my_data"),
    path("supprimer/", views.delete_my_account, name="delete_account"),
    path("supprime/", views.account_deleted, name="account_deleted"),
]
