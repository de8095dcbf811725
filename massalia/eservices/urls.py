from django.urls import path

from massalia.eservices import agents_views, views
from massalia.eservices import appointment_views as rdv
from massalia.eservices import billing_views as bills
from massalia.eservices import creche_views as creche

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
    path("creche/criteres/", creche.criteria, name="creche_criteria"),
    path("creche/demande/", creche.apply, name="creche_apply"),
    path("creche/demande/<id:pk>/", creche.application, name="creche_application"),
    path("creche/demande/<id:pk>/reponse/", creche.answer, name="creche_answer"),
    path("creche/demande/<id:pk>/retirer/", creche.withdraw, name="creche_withdraw"),
    path("creche/demande/<id:pk>/renouveler/", creche.renew, name="creche_renew"),
    path("creche/justificatif/<id:pk>/", creche.document, name="creche_document"),
    path("creche/commission/", creche.rounds, name="creche_rounds"),
    path("creche/commission/<id:pk>/", creche.round_page, name="creche_round"),
    path("creche/commission/<id:pk>/calculer/", creche.run, name="creche_run"),
    path("creche/commission/<id:pk>/publier/", creche.publish, name="creche_publish"),
    path("creche/commission/<id:pk>/delais/", creche.expire, name="creche_expire"),
    path("creche/decision/<id:pk>/modifier/", creche.override, name="creche_override"),
    path("factures/", bills.my_invoices, name="invoices"),
    path("factures/<id:pk>/", bills.invoice, name="invoice"),
    path("creche/facturation/", bills.billing_screen, name="creche_billing"),
    path("creche/facturation/emettre/", bills.issue_month, name="creche_issue_month"),
    path("creche/facturation/relances/", bills.send_reminders, name="creche_reminders"),
    path("creche/facturation/export.csv", bills.billing_export, name="creche_billing_export"),
    path("creche/facture/<id:pk>/avoir/", bills.credit, name="creche_credit"),
    path("creche/contrat/<id:pk>/", bills.contract, name="creche_contract"),
    path("creche/contrat/<id:pk>/absence/", bills.absence, name="creche_absence"),
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
