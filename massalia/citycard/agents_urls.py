from django.urls import path

from massalia.citycard import views

app_name = "citycard_agents"

# Under /agents/carte-ville/, below the agents' own pages (which take /agents/<department>/).
urlpatterns = [
    path("guichet/", views.office, name="office"),
    path("guichet/<id:pk>/etat/", views.set_status, name="status"),
]
