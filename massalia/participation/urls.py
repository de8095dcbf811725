from django.urls import path

from massalia.participation import (
    agents_views,
    budget_agents_views,
    budget_views,
    comment_views,
    moderation_views,
    views,
)

app_name = "participation"

urlpatterns = [
    path("", views.processes, name="processes"),
    path("consultations/<slug:slug>/", views.process, name="process"),
    path("consultations/<slug:slug>/proposer/", views.propose, name="propose"),
    path(
        "consultations/<slug:slug>/commenter/",
        comment_views.comment_process,
        name="comment_process",
    ),
    path("consultations/<slug:slug>/propositions/<id:pk>/", views.proposal, name="proposal"),
    path(
        "consultations/<slug:slug>/propositions/<id:pk>/modifier/",
        views.edit_proposal,
        name="edit_proposal",
    ),
    path(
        "consultations/<slug:slug>/propositions/<id:pk>/soutenir/",
        views.support,
        name="support",
    ),
    path(
        "consultations/<slug:slug>/propositions/<id:pk>/commenter/",
        comment_views.comment_proposal,
        name="comment_proposal",
    ),
    path("consultations/<slug:slug>/budget/", budget_views.projects, name="budget"),
    path("consultations/<slug:slug>/budget/voter/", budget_views.vote, name="budget_vote"),
    path("consultations/<slug:slug>/budget/verifier/", budget_views.verify, name="budget_verify"),
    path(
        "consultations/<slug:slug>/budget/resultats/", budget_views.results, name="budget_results"
    ),
    path(
        "consultations/<slug:slug>/budget/resultats.csv",
        budget_views.results_csv,
        name="budget_results_csv",
    ),
    path(
        "consultations/<slug:slug>/budget/projets/<id:pk>/image/",
        budget_views.image,
        name="budget_image",
    ),
    path("commentaires/<id:pk>/avis/", comment_views.vote, name="comment_vote"),
    path("commentaires/<id:pk>/signaler/", comment_views.report, name="comment_report"),
    path("suivi/", agents_views.review, name="review"),
    path("suivi/<id:pk>/repondre/", agents_views.answer, name="answer"),
    path("suivi/budgets/<slug:slug>/", budget_agents_views.desk, name="budget_desk"),
    path(
        "suivi/budgets/<slug:slug>/verifier/",
        budget_agents_views.verify,
        name="budget_agent_verify",
    ),
    path("suivi/budgets/<slug:slug>/habitants/", budget_agents_views.census, name="budget_census"),
    path("suivi/commentaires/", moderation_views.queue, name="moderation"),
    path("suivi/commentaires/<id:pk>/", moderation_views.decide, name="moderate"),
]
