from django.urls import path

from massalia.consultations import views

app_name = "consultations"

urlpatterns = [
    path("", views.conversations, name="conversations"),
    path("<slug:slug>/", views.conversation, name="conversation"),
    path("<slug:slug>/proposer/", views.submit, name="submit"),
    path("<slug:slug>/propositions/<id:pk>/voter/", views.vote, name="vote"),
]
