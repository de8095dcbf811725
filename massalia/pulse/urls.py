from django.urls import path

from massalia.pulse import views

app_name = "pulse"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.csv", views.export_csv, name="export"),
    path("rapport/", views.report, name="report"),
    path("a-propos/", views.about, name="about"),
    path("alertes/<id:pk>/", views.alert, name="alert"),
    path("alertes/<id:pk>/vue/", views.acknowledge, name="acknowledge"),
    path("messages/<id:pk>/theme/", views.correct, name="correct"),
    path("resume/", views.digest, name="digest"),
]
