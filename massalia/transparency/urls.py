from django.urls import path

from massalia.transparency import views

app_name = "transparency"

urlpatterns = [
    path("", views.search, name="search"),
    path("statistiques/", views.statistics, name="statistics"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export-decp.json", views.export_decp, name="export_decp"),
    path("contrats/<id:pk>/", views.contract, name="contract"),
    path("titulaires/<id:pk>/", views.supplier, name="supplier"),
    path("acheteurs/<id:pk>/", views.buyer, name="buyer"),
]
