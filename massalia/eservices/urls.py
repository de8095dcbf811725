from django.urls import path

from massalia.eservices import agents_views, views
from massalia.eservices import appointment_views as rdv

app_name = "eservices"

urlpatterns = [
    path("", views.my_procedures, name="my_procedures"),
    path("foyer/", views.household, name="household"),
    path("foyer/ressources/", views.resources, name="resources"),
    path("foyer/inviter/", views.invite, name="invite"),
    path("foyer/rejoindre/<str:token>/", views.join, name="join"),
    path("foyer/enfant/", views.add_child, name="add_child"),
    path("foyer/enfant/<id:pk>/", views.edit_child, name="edit_child"),
    path("foyer/document/", views.add_document, name="add_document"),
    path("foyer/document/<id:pk>/", views.document, name="document"),
    path("foyer/document/<id:pk>/verifier/", views.check_document, name="check_document"),
    path("inscription-scolaire/", views.enrol, name="enrol"),
    path("inscription-scolaire/suivi/", agents_views.enrolments, name="enrolments"),
    path("inscription-scolaire/suivi/decider/", agents_views.decide_many, name="decide_many"),
    path("inscription-scolaire/<id:pk>/decision/", views.decide, name="decide"),
    path("inscription-scolaire/<id:pk>/lettre/", views.letter, name="letter"),
    path("inscription-scolaire/<id:pk>/lettre.pdf", views.letter_pdf, name="letter_pdf"),
    path("rendez-vous/", rdv.sites, name="appointment_sites"),
    path("rendez-vous/lieu/<slug:slug>/", rdv.site, name="appointment_site"),
    path("rendez-vous/gerer/<str:token>/", rdv.appointment, name="appointment"),
    path("rendez-vous/gerer/<str:token>/agenda.ics", rdv.appointment_ics, name="appointment_ics"),
    path("rendez-vous/gerer/<str:token>/annuler/", rdv.cancel, name="appointment_cancel"),
    path("rendez-vous/gerer/<str:token>/deplacer/", rdv.reschedule, name="appointment_move"),
    path("rendez-vous/accueil/<slug:slug>/", rdv.day_list, name="appointment_day"),
    path("rendez-vous/accueil/<slug:slug>/fermer/", rdv.close, name="appointment_close"),
    path("rendez-vous/accueil/<slug:slug>/pointer/<id:pk>/", rdv.mark, name="appointment_mark"),
]
