from django.urls import path

from massalia.participation import agents_views, comment_views, moderation_views, views

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
    path("commentaires/<id:pk>/avis/", comment_views.vote, name="comment_vote"),
    path("commentaires/<id:pk>/signaler/", comment_views.report, name="comment_report"),
    path("suivi/", agents_views.review, name="review"),
    path("suivi/<id:pk>/repondre/", agents_views.answer, name="answer"),
    path("suivi/commentaires/", moderation_views.queue, name="moderation"),
    path("suivi/commentaires/<id:pk>/", moderation_views.decide, name="moderate"),
]
