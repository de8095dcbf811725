from django.urls import path

from massalia.servicerequests import agents_views as views
from massalia.servicerequests import moderation_views

app_name = "cases"  # the agents' pages of the case engine

urlpatterns = [
    path("demandes/moderation/", moderation_views.queue, name="moderation"),
    path("demandes/<id:pk>/", views.request_detail, name="request"),
    path("demandes/<id:pk>/moderation/", moderation_views.moderate_case, name="moderate_case"),
    path("demandes/<id:pk>/statut/", views.change_status, name="change_status"),
    path("demandes/<id:pk>/note/", views.add_note, name="add_note"),
    path("demandes/<id:pk>/ecrire/", views.write, name="write"),
    path("demandes/<id:pk>/attribuer/", views.assign, name="assign"),
    path("demandes/<id:pk>/transmettre/", views.reassign, name="reassign"),
    path("demandes/<id:pk>/fusionner/", views.merge, name="merge"),
    path("<slug:code>/", views.department_inbox, name="department_inbox"),
    path("<slug:code>/lot/", views.bulk, name="bulk"),
    path("<slug:code>/export.csv", views.department_export, name="department_export"),
]
