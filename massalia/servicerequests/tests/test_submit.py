import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from massalia.servicerequests import services
from massalia.servicerequests.models import HistoryEntry, ServiceRequest, Status
from massalia.testing import INSIDE, OUTSIDE


def test_it_locates_and_routes_a_signed_in_report(city, on_commit):
    lat, lon = INSIDE["NOAILLES"]
    with on_commit():
        case = services.submit_request(
            request_type=city.types["nid-de-poule"],
            description="Trou profond devant le 12",
            latitude=lat,
            longitude=lon,
            requester=city.people["alice"],
            attributes={"taille": "grand"},
        )
    assert case.quartier == city.quartiers["NOAILLES"]
    assert case.arrondissement.insee_code == "13201"
    assert case.department == city.departments["voirie"]
    assert case.is_public and case.status == Status.NEW
    assert case.expected_at is not None
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "bien été reçue" in mail.outbox[0].subject


def test_it_routes_by_local_coverage(city):
    lat, lon = INSIDE["LA JOLIETTE"]
    case = services.submit_request(
        request_type=city.types["nid-de-poule"],
        description="Trou",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    assert case.department == city.departments["proprete"]


def test_it_refuses_a_place_outside_the_city(city):
    with pytest.raises(ValidationError) as exc:
        services.submit_request(
            request_type=city.types["tags"],
            description="Tag",
            latitude=OUTSIDE[0],
            longitude=OUTSIDE[1],
            requester=city.people["alice"],
        )
    assert "territoire" in str(exc.value)
    assert not ServiceRequest.objects.exists()


def test_an_anonymous_report_waits_for_email_confirmation(city, on_commit):
    lat, lon = INSIDE["BELSUNCE"]
    with on_commit():
        case = services.submit_request(
            request_type=city.types["tags"],
            description="Tag sur la façade",
            latitude=lat,
            longitude=lon,
            email="Zoe@Example.org",
        )
    assert not case.is_public
    assert not ServiceRequest.objects.published().exists()
    assert "Confirmez" in mail.outbox[0].subject
    assert case.confirmation_token in mail.outbox[0].body
    with on_commit():
        services.confirm_request(token=case.confirmation_token)
    case.refresh_from_db()
    assert case.is_public
    assert mail.outbox[-1].to == ["zoe@example.org"]


def test_status_changes_are_audited_and_emailed_to_followers(city, on_commit):
    lat, lon = INSIDE["BELSUNCE"]
    case = services.submit_request(
        request_type=city.types["lampadaire"],
        description="Éteint depuis 3 jours",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    services.follow(case=case, user=city.people["olga"])
    mail.outbox.clear()
    with on_commit():
        services.change_status(
            case=case,
            actor=city.people["erin"],
            status=Status.RESOLVED,
            public_note="Ampoule changée.",
            internal_note="Équipe B",
        )
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.closed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "olga@example.org"]
    assert "Ampoule changée." in mail.outbox[0].body
    assert "Équipe B" not in mail.outbox[0].body
    trail = list(case.history.values_list("kind", "to_status"))
    assert trail == [(HistoryEntry.Kind.CREATED, "new"), (HistoryEntry.Kind.STATUS, "resolved")]


def test_it_refuses_an_impossible_transition(city):
    lat, lon = INSIDE["BELSUNCE"]
    case = services.submit_request(
        request_type=city.types["tags"],
        description="Tag",
        latitude=lat,
        longitude=lon,
        requester=city.people["alice"],
    )
    services.merge(
        duplicate=case,
        into=services.submit_request(
            request_type=city.types["tags"],
            description="Tag bis",
            latitude=lat,
            longitude=lon,
            requester=city.people["alice"],
        ),
        actor=city.people["dave"],
    )
    with pytest.raises(ValidationError):
        services.change_status(case=case, actor=city.people["dave"], status=Status.RESOLVED)


def test_a_quartier_alone_locates_and_routes_by_its_arrondissement(city):
    case = services.submit_request(
        request_type=city.types["nid-de-poule"],
        description="Trou",
        quartier_id=city.quartiers["LA JOLIETTE"].pk,
        requester=city.people["alice"],
    )
    assert case.arrondissement.insee_code == "13202"
    assert case.department == city.departments["proprete"]


def test_a_trusted_channel_is_confirmed_at_once_with_one_email(city, on_commit):
    lat, lon = INSIDE["BELSUNCE"]
    with on_commit():
        case = services.submit_request(
            request_type=city.types["tags"],
            description="Tag",
            latitude=lat,
            longitude=lon,
            email="client@example.org",
            source="open311",
            confirmed=True,
        )
    assert case.is_public
    assert [m.subject for m in mail.outbox] == [
        f"[Marseille] Votre demande n° {case.pk} a bien été reçue"
    ]
    assert case.follows.filter(email="client@example.org").exists()
