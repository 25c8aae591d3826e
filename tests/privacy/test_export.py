"""``export_personal_data``: everything the portal holds about a person, and nobody else's."""

from __future__ import annotations

import io
import json
from collections import defaultdict

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from accounts import personal_data
from accounts.models import User
from tests.factories.accounts import UserFactory
from tests.privacy.conftest import CONFIDENTIAL, OTHERS_NEEDS

pytestmark = pytest.mark.django_db


def links_to_people() -> list[tuple[type[models.Model], models.Field]]:
    """Every column or many-to-many field, in any installed app, that points at a person."""
    found = []
    for model in apps.get_models():
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if field.is_relation and field.related_model is User:
                found.append((model, field))
    return found


def exported_ids(export: dict) -> dict[str, set]:
    ids: dict[str, set] = defaultdict(set)
    for sections in export["areas"].values():
        for section in sections.values():
            ids[section["model"]].update(record["id"] for record in section["records"])
    return ids


def run_export(email: str) -> dict:
    out = io.StringIO()
    call_command("export_personal_data", email, stdout=out)
    return json.loads(out.getvalue())


def test_every_record_linked_to_the_person_is_in_the_export(busy_person):
    exported = exported_ids(run_export(busy_person.email))

    not_set_up, missing = [], []
    for model, field in links_to_people():
        label = f"{model._meta.label}.{field.name}"
        ids = set(
            model._default_manager.filter(**{field.name: busy_person}).values_list("pk", flat=True)
        )
        if not ids:
            not_set_up.append(label)
        elif not ids <= exported[model._meta.label]:
            missing.append(label)

    # A new model that points at people must be added to the busy_person fixture...
    assert not_set_up == [], "Give busy_person a record in: " + ", ".join(not_set_up)
    # ...and to its app's personal_data.export.
    assert missing == [], "The export leaves out records linked by: " + ", ".join(missing)
    assert exported["accounts.User"] == {busy_person.pk}


def test_the_export_holds_the_account_but_never_the_password_or_two_factor_secret(busy_person):
    text = io.StringIO()
    call_command("export_personal_data", "SAM.BUSY@example.org", stdout=text)
    export = json.loads(text.getvalue())

    account = export["areas"]["accounts"]["account"]["records"][0]
    assert account["email"] == "sam.busy@example.org"
    assert account["role"] == "Principal adviser"
    assert account["council"] == "Camden"
    assert "password" not in account
    assert busy_person.password not in text.getvalue()
    assert "JBSWY3DPEHPK3PXP" not in text.getvalue()
    methods = export["areas"]["accounts"]["two_factor_methods"]["records"]
    assert [method["type"] for method in methods] == ["TOTP Authenticator"]
    addresses = export["areas"]["accounts"]["email_addresses"]["records"]
    assert [address["email"] for address in addresses] == ["sam.busy@example.org"]


def test_the_export_holds_what_the_person_wrote_and_what_is_held_about_them(busy_person):
    areas = run_export(busy_person.email)["areas"]

    engagement = areas["advisers"]["engagements"]["records"][0]
    assert engagement["confidential_notes"] == CONFIDENTIAL  # their own notes
    assert areas["advisers"]["adviser_profile"]["records"][0]["councils"] == ["Camden"]
    assert areas["advisers"]["availability"]["records"][0]["notes"] == "Not on Fridays."
    booking = areas["courses"]["bookings"]["records"][0]
    assert (booking["access_requirements"], booking["dietary_requirements"]) == (
        "Step-free access",
        "Vegetarian",
    )
    assert booking["status"] == "Attended"
    feedback = areas["courses"]["feedback"]["records"][0]
    assert feedback["comments"] == "The session on finance was the best part."
    assert areas["mentoring"]["mentor_profile"]["records"][0]["bio"] == "Lead member for six years."
    assert [r["status"] for r in areas["mentoring"]["mentoring_requests"]["records"]] == [
        "Completed"
    ]
    notes = [s["private_notes"] for s in areas["mentoring"]["mentoring_sessions"]["records"]]
    assert notes == ["Robin is doing well."]  # they are the mentor: their own notes
    assert areas["mentoring"]["mentoring_feedback"]["records"][0]["comments"] == "Very helpful."
    places = areas["peer_challenges"]["team_places"]["records"]
    assert [place["role"] for place in places] == ["Member peer"]
    assert areas["reports"]["reports_requested"]["records"][0]["status"] == "Queued"
    audit = areas["accounts"]["audit_entries"]["records"]
    assert any(
        entry["content_type"].endswith("engagement")
        and "confidential_notes" in entry["fields_changed"]
        for entry in audit
    )


def test_what_the_person_did_for_others_leaves_out_those_peoples_details(busy_person):
    text = json.dumps(run_export(busy_person.email)["areas"])
    areas = json.loads(text)

    for_others = areas["courses"]["bookings_made_or_cancelled_for_others"]["records"]
    assert [booking["status"] for booking in for_others] == ["Cancelled"]
    assert "person" not in for_others[0]
    assert OTHERS_NEEDS not in text
    assert "Help for Robin." not in text  # another person's mentoring request
    requests_for_others = areas["mentoring"]["mentoring_requests_made_for_others"]["records"]
    assert len(requests_for_others) == 1 and "needs" not in requests_for_others[0]
    # The person's own audit entries say which fields changed, not the values.
    assert CONFIDENTIAL not in json.dumps(areas["accounts"]["audit_entries"])


def test_failed_sign_ins_for_the_persons_address_are_in_the_export(client, busy_person):
    for _ in range(2):
        client.post(
            "/accounts/login/",
            {"login": "Sam.Busy@example.org", "password": "not-the-password"},
            REMOTE_ADDR="203.0.113.9",
        )
    client.post("/accounts/login/", {"login": "someone@example.org", "password": "nope"})

    accounts = run_export(busy_person.email)["areas"]["accounts"]

    counters = accounts["sign_in_lockout_counters"]["records"]
    assert [(c["failures_since_start"], c["ip_address"]) for c in counters] == [(2, "203.0.113.9")]
    assert "post_data" not in counters[0]


def test_a_councillor_with_nothing_else_gets_just_their_account(councillor):
    export = run_export(councillor.email)

    assert export["format"] == personal_data.EXPORT_FORMAT
    assert export["person"] == {"email": councillor.email, "full_name": "Cllr Casey Jones"}
    # Every area says what it holds, here nothing beyond the account.
    assert set(export["areas"]) == {area for area, _ in personal_data.personal_data_areas()}
    held = {
        (area, name)
        for area, sections in export["areas"].items()
        for name, section in sections.items()
        if section["records"]
    }
    assert held == {("accounts", "account"), ("accounts", "email_addresses")}
    assert export["areas"]["accounts"]["account"]["records"][0]["id"] == councillor.pk


def test_the_export_can_be_written_to_a_file(tmp_path, councillor):
    path = tmp_path / "casey.json"
    err = io.StringIO()

    call_command("export_personal_data", councillor.email, output=str(path), stderr=err)

    assert json.loads(path.read_text())["person"]["email"] == councillor.email
    assert str(path) in err.getvalue()


def test_an_unknown_address_is_refused(db):
    UserFactory(email="known@example.org")
    with pytest.raises(CommandError, match="No one has the email address nobody@example.org"):
        call_command("export_personal_data", "nobody@example.org")
