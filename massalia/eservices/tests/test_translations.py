"""The family account and the appointment pages in Arabic and English; the confirmation
letter stays in French."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.eservices import appointments
from massalia.eservices.tests.appointments_fixtures import (
    first_slot,
    mobile_office,
    next_weekday,
    town_hall,
)

pytestmark = pytest.mark.django_db


def test_the_sites_page_reads_in_arabic(client):
    first_slot(town_hall(), next_weekday(1))
    site, _ = mobile_office(next_weekday(2))
    appointments.open_slots(site)
    client.cookies["django_language"] = "ar"
    page = client.get(reverse("eservices:appointment_sites")).content.decode()
    assert "بطاقة التعريف، جواز السفر: حجز موعد" in page and "أول موعد متاح" in page
    assert "4 مواعيد متاحة" in page  # "4 créneaux libres"
    assert "Premier créneau libre" not in page and "Mairie des 1er" in page  # a name stays


def test_the_booking_form_reads_in_english(client):
    slot = first_slot(town_hall(), next_weekday(1))
    url = reverse("eservices:appointment_site", args=[slot.site.slug])
    page = client.get(
        url, {"semaine": slot.starts_at.date().isoformat()}, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = page.content.decode()
    assert "ANTS pre-application number" in body and "Book this appointment" in body
    assert "Next week" in body and "Réserver" not in body
    assert 'value="passeport"' in body and "Passport" in body  # the code kept, the label read
    refused = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "The appointment could not be booked" in refused and "Please choose a time slot." in refused
    )


def test_the_school_levels_are_shown_in_the_familys_language_only_on_its_form():
    from django.utils import translation

    from massalia.eservices.forms import EnrolForm
    from massalia.eservices.levels import Level

    with translation.override("ar"):
        form = EnrolForm(children=[])
        assert dict(form.fields["level"].choices)["PS"] == "القسم الصغير (روضة، 3 سنوات)"
        assert Level.PS.label == "petite section"  # the letter and the agents read French


def test_every_choice_label_a_family_reads_is_written_out_for_translation():
    from massalia.eservices.forms import CHOICE_LABELS, LEVEL_LABELS
    from massalia.eservices.levels import Level
    from massalia.eservices.models import Appointment, Derogation, FamilyDocument

    verification = FamilyDocument._meta.get_field("verification").choices
    read = [Appointment.Motive, Appointment.Status, FamilyDocument.Kind, Derogation]
    labels = {label for choices in read for _, label in choices.choices}
    assert labels | {label for _, label in verification} <= set(CHOICE_LABELS)
    assert {label for _, label in Level.choices} == set(LEVEL_LABELS)
