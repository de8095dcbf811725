from django.urls import path

from massalia.transit import views

app_name = "transit_agents"

# Under /agents/arrets/, below the agents' own pages (which take /agents/<department>/).
urlpatterns = [
    path("etiquettes/", views.sheets, name="sheets"),
    path("etiquettes/<slug:feed>/", views.sheet, name="sheet"),
]
