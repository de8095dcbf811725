"""Every form and endpoint of the participatory budget refuses hostile input with a 4xx and
a message, storing nothing: scripts, SQL-looking text, 100 kB strings, NUL bytes, odd
Unicode, forged ids of another process or project; never a 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from massalia.participation.models import Ballot, CensusEntry, Verification
from massalia.participation.tests.conftest import project_ids, signed_in, verified

pytestmark = pytest.mark.django_db
HUGE = "x" * 100_000
SCRIPT = "<script>alert(1)</script>"
SQL = "1 OR 1=1; DROP TABLE participation_ballot; --"


def _url(name, process, *tail):
    return reverse(f"participation:{name}", args=[process.slug, *tail])


@pytest.fixture
def alice(client, city, budgets):
    verified(budgets.open, city.people["alice"], city.people["bob"])
    return signed_in(client, city.people["alice"])


@pytest.mark.parametrize(
    "values",
    [
        [SCRIPT],
        [SQL],
        [HUGE],
        ["1\x00"],
        ["\u0663"],  # an Arabic-Indic three: a digit to Python, not an id here
        ["\u202e12"],
        ["99999999999999999999"],
        ["-1"],
        ["1"] * 201,
        [],
    ],
)
def test_the_ballot_refuses_hostile_choices(alice, budgets, values):
    page = alice.post(_url("budget_vote", budgets.open), {"projets": values})
    assert page.status_code == 400
    assert 'class="error-summary"' in page.content.decode()
    assert not Ballot.objects.exists()


def test_a_project_of_another_process_or_twice_the_same_is_refused(alice, budgets):
    other = project_ids(budgets.closed)["Une fontaine"]
    mine = project_ids(budgets.open)["Une fontaine"]
    for values in ([other], [mine, mine], [mine, other]):
        page = alice.post(_url("budget_vote", budgets.open), {"projets": values})
        assert page.status_code == 400, values
    assert not Ballot.objects.exists()


def test_a_ballot_posted_to_another_process_is_refused(alice, budgets):
    """Alice is verified for the open vote only: the approval vote refuses her ballot."""
    page = alice.post(
        _url("budget_vote", budgets.approval),
        {"projets": [project_ids(budgets.approval)["Une fontaine"]]},
    )
    assert page.status_code == 403 and not Ballot.objects.exists()


IDENTITY = {
    "last_name": "Benali",
    "first_name": "Nadia",
    "birth_date": "17/05/1980",
    "postcode": "13001",
    "consent": "on",
}
BAD_IDENTITIES = [
    {"last_name": HUGE},
    {"first_name": HUGE},
    {"last_name": "Benali\x00"},
    {"last_name": "\u202e\u200b\u2066"},
    {"last_name": SCRIPT},
    {"birth_date": SQL},
    {"birth_date": "31/02/1980"},
    {"birth_date": "01/01/1850"},
    {"postcode": "13001\x00"},
    {"postcode": "\u0661\u0663\u0660\u0660\u0661"},
    {"postcode": HUGE},
    {"consent": ""},
]


@pytest.mark.parametrize("bad", BAD_IDENTITIES)
def test_the_census_check_refuses_hostile_input(client, city, budgets, bad):
    signed_in(client, city.people["erin"])
    page = client.post(_url("budget_verify", budgets.open), IDENTITY | bad)
    assert page.status_code == 400
    assert 'class="errorlist"' in page.content.decode() or "error-summary" in page.content.decode()
    assert not Verification.objects.exists()


@pytest.mark.parametrize(
    "bad", [*BAD_IDENTITIES, {"email": HUGE}, {"email": SCRIPT}, {"email": "nobody@example.org"}]
)
def test_the_agents_check_refuses_hostile_input(client, city, budgets, bad):
    signed_in(client, city.people["bob"])
    data = IDENTITY | {"email": "erin@example.org"} | bad
    page = client.post(_url("budget_agent_verify", budgets.open), data)
    assert page.status_code == 400
    assert "error-summary" in page.content.decode()
    assert not Verification.objects.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        b"nom;prenom;date_naissance;code_postal\nBenali;Nadia\x00;17/05/1980;13001\n",
        b"\xff\xfe\x00n\x00o\x00m",
        b"name;born\nx;y\n",
        b"nom;prenom;date_naissance;code_postal\n",
    ],
)
def test_the_census_import_refuses_a_hostile_file(client, city, budgets, content):
    signed_in(client, city.people["bob"])
    upload = SimpleUploadedFile("habitants.csv", content, content_type="text/csv")
    page = client.post(_url("budget_census", budgets.open), {"file": upload})
    assert page.status_code == 400
    assert "error-summary" in page.content.decode()
    assert not CensusEntry.objects.exists()


def test_forged_ids_are_not_found(client, city, budgets, processes):
    other = project_ids(budgets.closed)["Une fontaine"]
    assert client.get(_url("budget_image", budgets.open, other)).status_code == 404
    assert client.get(_url("budget", processes.open)).status_code == 404
    signed_in(client, city.people["bob"])
    assert client.get(_url("budget_desk", processes.open)).status_code == 404


def test_a_hostile_row_is_rejected_with_its_reasons_and_kept_without_its_text(
    client, city, budgets
):
    from massalia.core.models import RejectedRecord

    signed_in(client, city.people["bob"])
    text = "nom;prenom;date_naissance;code_postal\n" + f"{HUGE};{SCRIPT};' OR '1'='1;13001\n"
    upload = SimpleUploadedFile("habitants.csv", text.encode(), content_type="text/csv")
    page = client.post(_url("budget_census", budgets.open), {"file": upload})
    assert page.status_code == 302
    rejected = RejectedRecord.objects.get()
    assert rejected.reasons == [
        "nom illisible",
        "prénom illisible",
        "date de naissance illisible (JJ/MM/AAAA attendu)",
    ]
    assert len(str(rejected.record)) < 200 and "script" not in str(rejected.record)
    assert not CensusEntry.objects.exists()
