from django.urls import path

from massalia.consultations import document_views, views

app_name = "consultations"

urlpatterns = [
    path("", views.conversations, name="conversations"),
    # Document consultations (a PLU, a regulation) and their public registers.
    path("enquetes/", document_views.regulations, name="regulations"),
    path("enquetes/<slug:slug>/", document_views.document, name="document"),
    path("enquetes/<slug:slug>/articles/<slug:anchor>/", document_views.article, name="article"),
    path("enquetes/<slug:slug>/zones/<str:code>/", document_views.zone, name="zone"),
    path("enquetes/<slug:slug>/observer/", document_views.observe, name="observe"),
    path("enquetes/<slug:slug>/registre/", document_views.register_page, name="register"),
    path(
        "enquetes/<slug:slug>/registre/imprimer/",
        document_views.register_print,
        name="register_print",
    ),
    path("enquetes/<slug:slug>/registre.csv", document_views.register_csv, name="register_csv"),
    path(
        "enquetes/<slug:slug>/registre/<id:number>/pieces/<id:pk>/",
        document_views.attachment,
        name="attachment",
    ),
    path("<slug:slug>/", views.conversation, name="conversation"),
    path("<slug:slug>/proposer/", views.submit, name="submit"),
    path("<slug:slug>/propositions/<id:pk>/voter/", views.vote, name="vote"),
]
