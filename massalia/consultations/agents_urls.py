from django.urls import path

from massalia.consultations import agents_views

app_name = "consultations_agents"

urlpatterns = [
    path("", agents_views.queue, name="queue"),
    path("<id:pk>/", agents_views.moderate, name="moderate"),
]
