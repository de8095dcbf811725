from django.urls import path

from massalia.questions import agents_views

app_name = "questions_agents"

urlpatterns = [
    path("", agents_views.desk, name="desk"),
    path("<id:pk>/repondre/", agents_views.answer, name="answer"),
    path("relecture/", agents_views.moderation, name="moderation"),
    path("relecture/<id:pk>/", agents_views.moderate, name="moderate"),
]
