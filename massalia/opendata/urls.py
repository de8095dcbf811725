from django.urls import path

from massalia.opendata import views

app_name = "opendata"

# Stable addresses: harvesters and scripts keep them, so a slug or a suffix never changes.
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("catalogue.jsonld", views.catalog_jsonld, name="catalog_jsonld"),
    path("catalogue.rdf", views.catalog_rdf, name="catalog_rdf"),
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>.jsonld", views.dataset_jsonld, name="dataset_jsonld"),
    path("<slug:slug>.rdf", views.dataset_rdf, name="dataset_rdf"),
    path("<slug:slug>.<str:fmt>", views.download, name="download"),
]
