from django.urls import path

from massalia.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.questions, name="questions"),
    path("poser/", views.ask, name="ask"),
    path("delais/", views.delays, name="delays"),
    path("<id:pk>/", views.question, name="question"),
    path("destinataires/<slug:slug>/", views.recipient, name="recipient"),
]
