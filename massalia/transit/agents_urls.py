from django.urls import path

from massalia.transit import views

app_name = "transit_agents"

# Under /agents/arrets/, below the agents' own pages (which take /agents/<department>/).
urlpatterns = [
    path("etiquettes/", views.sheets, name="sheets"),
    path("etiquettes/<slug:feed>/", views.sheet, name="sheet"),
    path("etiquettes/<slug:feed>/etiquettes.csv", views.tags_export, {"fmt": "csv"}, name="csv"),
    path(
        "etiquettes/<slug:feed>/etiquettes.geojson",
        views.tags_export,
        {"fmt": "geojson"},
        name="geojson",
    ),
]
