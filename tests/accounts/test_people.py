"""Programme managers manage people in the browser: invite, change, deactivate, reactivate."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import User
from accounts.roles import Role
from advisers.models import Adviser
from tests.factories.accounts import UserFactory

NON_MANAGERS = ["principal_adviser", "improvement_adviser", "associate", "councillor"]


@pytest.fixture
def other_manager(councils) -> User:
    return UserFactory(email="pm2@example.org", full_name="Sam Second", role=Role.PROGRAMME_MANAGER)


def _invite(client, **fields):
    data = {"full_name": "Jo Bloggs", "email": "jo.bloggs@example.org", "role": "councillor"}
    data.update(fields)
    return client.post(reverse("people:invite"), data)


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_only_programme_managers_reach_the_people_pages(request, login, persona, councillor):
    client = login(request.getfixturevalue(persona))

    assert client.get(reverse("people:list")).status_code == 403
    assert client.get(reverse("people:detail", args=[councillor.pk])).status_code == 403
    assert client.post(reverse("people:deactivate", args=[councillor.pk])).status_code == 403
    councillor.refresh_from_db()
    assert councillor.is_active


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_no_other_role_may_change_anyone_through_the_services(request, persona, councillor):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.set_person_active(person=councillor, active=False, actor=actor)
    with pytest.raises(PermissionDenied):
        services.change_person(
            person=councillor, data={"role": Role.PROGRAMME_MANAGER}, actor=actor
        )


def test_an_invitation_emails_the_one_time_link_that_sets_a_password(
    login, client, programme_manager, camden, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(login(programme_manager), council=camden.pk)

    person = User.objects.get(email="jo.bloggs@example.org")
    assert response.status_code == 302
    assert person.role == Role.COUNCILLOR and person.council == camden
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jo.bloggs@example.org"]
    link = re.search(r"(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    assert link is not None and settings.PORTAL_URL in mail.outbox[0].body
    path = link[1]
    client.logout()
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )
    person.refresh_from_db()
    assert person.check_password("a-new-long-password")


def test_an_invitation_names_what_is_missing_by_the_field(login, programme_manager):
    client = login(programme_manager)

    councillor = _invite(client)
    adviser = _invite(client, role="principal_adviser")
    taken = _invite(client, email=programme_manager.email, role="programme_manager")

    assert "Choose the council the councillor sits on" in councillor.text
    assert "Choose the region a principal adviser works in" in adviser.text
    assert "A person with this email address is already registered" in taken.text
    assert not User.objects.filter(email="jo.bloggs@example.org").exists()
    assert mail.outbox == []


def test_an_invited_adviser_gets_a_profile_with_their_assigned_councils(
    login, programme_manager, london, camden, islington
):
    _invite(
        login(programme_manager),
        role="improvement_adviser",
        region=london.pk,
        assigned_councils=[camden.pk, islington.pk],
    )

    adviser = Adviser.objects.get(user__email="jo.bloggs@example.org")
    assert set(adviser.councils.all()) == {camden, islington}


def test_changes_are_audited_and_shown_in_words_on_the_persons_page(
    login, programme_manager, councillor, london, camden, islington
):
    client = login(programme_manager)
    client.post(
        reverse("people:edit", args=[councillor.pk]),
        {
            "full_name": councillor.full_name,
            "role": "improvement_adviser",
            "region": london.pk,
            "council": "",
            "assigned_councils": [islington.pk],
        },
    )

    page = client.get(reverse("people:detail", args=[councillor.pk])).text

    councillor.refresh_from_db()
    assert councillor.role == Role.IMPROVEMENT_ADVISER
    assert "Changed by Pat Manager" in page
    assert "Role: Councillor → Children&#x27;s improvement adviser" in page
    assert "Council: Camden → (none)" in page
    assert "Assigned councils: added Islington" in page
    assert "role_" not in page and "council_id" not in page


def test_deactivating_ends_their_sessions_and_reactivating_lets_them_back(
    login, client, programme_manager, councillor
):
    from django.test import Client

    theirs = Client()
    theirs.force_login(councillor)
    login(programme_manager).post(reverse("people:deactivate", args=[councillor.pk]))

    councillor.refresh_from_db()
    assert not councillor.is_active
    assert theirs.get(reverse("dashboard")).status_code == 302
    page = client.get(reverse("people:detail", args=[councillor.pk])).text
    assert "Can log in: yes → no" in page

    client.post(reverse("people:reactivate", args=[councillor.pk]))
    councillor.refresh_from_db()
    assert councillor.is_active


def test_the_last_active_programme_manager_cannot_be_deactivated_or_lose_the_role(
    programme_manager, other_manager
):
    services.set_person_active(person=other_manager, active=False, actor=programme_manager)
    other_manager.is_active = True  # a stale copy must not help
    reactivated = services.set_person_active(
        person=other_manager, active=True, actor=programme_manager
    )
    services.set_person_active(person=programme_manager, active=False, actor=reactivated)

    with pytest.raises(ValidationError, match="last active programme manager"):
        services.set_person_active(person=reactivated, active=False, actor=reactivated)
    with pytest.raises(ValidationError, match="last active programme manager"):
        services.change_person(
            person=reactivated, data={"role": Role.PRINCIPAL_ADVISER}, actor=reactivated
        )
    assert User.objects.get(pk=reactivated.pk).is_active


def test_a_programme_manager_cannot_deactivate_themselves(login, programme_manager, other_manager):
    response = login(programme_manager).post(
        reverse("people:deactivate", args=[programme_manager.pk]), follow=True
    )

    assert "You cannot deactivate your own account" in response.text
    programme_manager.refresh_from_db()
    assert programme_manager.is_active


def test_a_programme_manager_may_deactivate_another_while_one_remains(
    login, programme_manager, other_manager
):
    login(programme_manager).post(reverse("people:deactivate", args=[other_manager.pk]))

    other_manager.refresh_from_db()
    assert not other_manager.is_active


def test_deactivate_and_reactivate_refuse_get(login, programme_manager, councillor):
    client = login(programme_manager)

    assert client.get(reverse("people:deactivate", args=[councillor.pk])).status_code == 405
    assert client.get(reverse("people:reactivate", args=[councillor.pk])).status_code == 405


def test_the_list_filters_by_role_and_status(login, programme_manager, councillor, associate):
    client = login(programme_manager)
    services.set_person_active(person=associate, active=False, actor=programme_manager)

    councillors = client.get(reverse("people:list"), {"role": "councillor"}).text
    deactivated = client.get(reverse("people:list"), {"status": "inactive"}).text

    assert "Cllr Casey Jones" in councillors and "Alex Associate" not in councillors
    assert "Alex Associate" in deactivated and "Cllr Casey Jones" not in deactivated


def test_an_unknown_person_is_not_found(login, programme_manager):
    assert login(programme_manager).get(reverse("people:detail", args=[999999])).status_code == 404
