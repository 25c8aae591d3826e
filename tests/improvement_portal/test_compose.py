"""docker-compose.yml is valid Compose and configures the settings the portal reads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
PORTAL_SERVICES = ("web", "worker", "beat")


def _compose() -> dict:
    return YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text())


def test_compose_file_validates_against_the_compose_specification():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_has_the_production_shape_with_healthchecks_and_a_database_volume():
    services = _compose()["services"]

    assert set(services) == {"proxy", "web", "worker", "beat", "postgres", "redis"}
    assert all("healthcheck" in service for service in services.values())
    assert "gunicorn" in services["web"]["command"]
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["postgres"]["volumes"])


def test_portal_services_set_every_setting_the_portal_reads_from_the_environment():
    settings_source = (ROOT / "improvement_portal" / "settings.py").read_text()
    read_by_settings = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', settings_source))
    required = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "EMAIL_URL"}
    assert required <= read_by_settings

    for name in PORTAL_SERVICES:
        environment = set(_compose()["services"][name]["environment"])
        assert required <= environment, f"{name} lacks {required - environment}"
        assert environment <= read_by_settings, (
            f"{name} sets unknown {environment - read_by_settings}"
        )


def test_only_the_tls_proxy_is_published_and_only_it_is_trusted():
    services = _compose()["services"]
    proxy = services["proxy"]
    caddyfile = ROOT / "deploy" / "Caddyfile"

    assert proxy["image"].startswith("caddy:")
    assert "443:443" in proxy["ports"]
    assert f"./{caddyfile.relative_to(ROOT)}:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    assert "reverse_proxy web:8000" in caddyfile.read_text()
    assert all("ports" not in services[name] for name in ("web", "worker", "beat"))
    assert all("ports" not in services[name] for name in ("postgres", "redis"))
    proxy_address = proxy["networks"]["portal"]["ipv4_address"]
    for name in PORTAL_SERVICES:
        assert services[name]["environment"]["TRUSTED_PROXIES"] == proxy_address


def test_web_processes_keep_their_database_connection_between_requests():
    web = _compose()["services"]["web"]["environment"]

    assert int(web["CONN_MAX_AGE"]) >= 60
    assert web["DATABASE_URL"] == _compose()["services"]["worker"]["environment"]["DATABASE_URL"]
