from django.urls import path

from massalia.consultations import agents_views, document_agents_views

app_name = "consultations_agents"

urlpatterns = [
    path("", agents_views.queue, name="queue"),
    path("<id:pk>/", agents_views.moderate, name="moderate"),
    # The registers of the document consultations: moderation and answers.
    path("registres/", document_agents_views.registers, name="registers"),
    path("registres/<slug:slug>/", document_agents_views.register, name="register"),
    path(
        "registres/<slug:slug>/<id:number>/moderer/",
        document_agents_views.moderate,
        name="moderate_observation",
    ),
    path(
        "registres/<slug:slug>/<id:number>/repondre/",
        document_agents_views.answer,
        name="answer_observation",
    ),
]
