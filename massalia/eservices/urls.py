from django.urls import path

from massalia.eservices import views

app_name = "eservices"

urlpatterns = [
    path("", views.my_procedures, name="my_procedures"),
    path("foyer/", views.household, name="household"),
    path("foyer/enfant/", views.add_child, name="add_child"),
    path("foyer/enfant/<id:pk>/", views.edit_child, name="edit_child"),
    path("foyer/document/", views.add_document, name="add_document"),
    path("foyer/document/<id:pk>/", views.document, name="document"),
    path("foyer/document/<id:pk>/verifier/", views.check_document, name="check_document"),
    path("inscription-scolaire/", views.enrol, name="enrol"),
    path("inscription-scolaire/<id:pk>/decision/", views.decide, name="decide"),
    path("inscription-scolaire/<id:pk>/lettre/", views.letter, name="letter"),
]
