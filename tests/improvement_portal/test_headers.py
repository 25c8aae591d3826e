"""Security headers on every page: CSP without inline script, no framing, referrer policy."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_pages_carry_csp_framing_and_referrer_headers(client):
    response = client.get("/accounts/login/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_script(client):
    response = client.get("/accounts/login/")

    body = response.content.decode()
    assert "<script>" not in body
    assert '<script type="module" src="/static/js/portal.mjs"></script>' in body


@pytest.mark.django_db
def test_forms_carry_a_csrf_token_and_posts_without_one_are_refused(client):
    from django.test import Client

    assert b"csrfmiddlewaretoken" in client.get("/accounts/login/").content
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403


def test_pages_for_signed_in_people_are_never_stored_by_caches(login, councillor):
    response = login(councillor).get("/")

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_public_pages_may_be_cached_normally(client):
    response = client.get("/static/css/portal.css")

    assert "no-store" not in response.get("Cache-Control", "")
