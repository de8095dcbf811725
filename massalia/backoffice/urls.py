from django.urls import path

from massalia.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("demandes/<int:pk>/", views.request_detail, name="request"),
    path("demandes/<int:pk>/statut/", views.change_status, name="change_status"),
    path("demandes/<int:pk>/note/", views.add_note, name="add_note"),
    path("demandes/<int:pk>/attribuer/", views.assign, name="assign"),
    path("demandes/<int:pk>/transmettre/", views.reassign, name="reassign"),
    path("demandes/<int:pk>/fusionner/", views.merge, name="merge"),
    path("<slug:code>/", views.department_inbox, name="department_inbox"),
]
