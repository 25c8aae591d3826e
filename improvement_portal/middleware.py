"""Cross-cutting middleware."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreForSignedInUsersMiddleware:
    """Pages shown to a signed-in person may hold personal data: no cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


# Headers a reverse proxy sets about the request it passes on; from anyone else, forgeries.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)


class TrustedProxyMiddleware:
    """Believes the forwarded headers of the configured proxy (``TRUSTED_PROXIES``) only.

    From the proxy, ``REMOTE_ADDR`` becomes the client's address as the proxy reports it, so
    lock-out, rate limits and logs count people rather than the proxy. From anyone else every
    forwarded header is dropped: ``X-Forwarded-Proto`` cannot make a plain request look
    secure, nor ``X-Forwarded-For`` give each guess a fresh address.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        proxies = trusted_networks()
        if is_in(meta.get("REMOTE_ADDR", ""), proxies):
            meta["REMOTE_ADDR"] = forwarded_client(meta, proxies)
        else:
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


def trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]


def is_in(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def forwarded_client(
    meta: dict[str, str], proxies: list[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> str:
    """The right-most address in X-Forwarded-For that is not a trusted proxy.

    Addresses further left were written by the client itself and prove nothing; with no
    usable header the proxy's own address stands.
    """
    for entry in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        candidate = entry.strip()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break
        if not is_in(candidate, proxies):
            return candidate
    return meta["REMOTE_ADDR"]


class RefuseNulMiddleware:
    """Answers 400 to a NUL character in the path, the query or a form value.

    No person types one; PostgreSQL cannot store or even compare one, so left alone it turns a
    lookup (``/councils/%00/``) or a filter into a server error. Other control characters are
    left to the forms: they are valid text to the database (a pasted vertical tab, say).
    Uploaded files are not form values and may hold any byte.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or _has_nul(request.GET):
            raise BadRequest("NUL character in the address")
        if request.method == "POST" and _has_nul(request.POST):
            raise BadRequest("NUL character in a form value")
        return self.get_response(request)


def _has_nul(values: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in items) for key, items in values.lists()
    )
