from django.urls import path

from massalia.accounts import mediation_views, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.Login.as_view(), name="login"),
    path("connexion/code/", views.code_request, name="code_request"),
    path("connexion/code/saisir/", views.code_enter, name="code_enter"),
    path("deconnexion/", views.Logout.as_view(), name="logout"),
    path("inscription/", views.signup, name="signup"),
    path("confirmer/<str:token>/", views.verify_email, name="verify_email"),
    path("confirmer-mon-adresse/", views.resend_verification, name="resend_verification"),
    path("mot-de-passe-oublie/", views.password_reset, name="password_reset"),
    path("mot-de-passe-oublie/envoye/", views.password_reset_done, name="password_reset_done"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path("mot-de-passe/change/", views.password_reset_complete, name="password_reset_complete"),
    path("", views.my_account, name="my_account"),
    path("mediation/", mediation_views.mediation, name="mediation"),
    path("mediation/<id:pk>/agir/", mediation_views.act, name="mediation_act"),
    path("mediation/<id:pk>/retirer/", mediation_views.revoke, name="mediation_revoke"),
    path("mediation/arreter/", mediation_views.stop, name="mediation_stop"),
    path("mes-donnees/", views.download_my_data, name="download_my_data"),
    path("supprimer/", views.delete_my_account, name="delete_account"),
    path("supprime/", views.account_deleted, name="account_deleted"),
]
