from django.urls import path

from massalia.inclusion import views

app_name = "inclusion"

urlpatterns = [
    path("", views.search, name="search"),
    path("carte.geojson", views.search_geojson, name="search_geojson"),
    path("lieu/<id:pk>/", views.entry, name="entry"),
    path("lieu/<id:pk>/fiche/", views.sheet, name="sheet"),
    path("lieu/<id:pk>/signaler/", views.report, name="report"),
    path("donnees/lieux-mediation-numerique.csv", views.export_lieux, name="export_lieux"),
    path(
        "donnees/data-inclusion-<slug:kind>.json",
        views.export_data_inclusion,
        name="export_data_inclusion",
    ),
]
