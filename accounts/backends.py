"""allauth's login backend, with the signed-in user read from memory while no data changes."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend

from improvement_portal import freshness


class AuthenticationBackend(AllauthBackend):
    """Every page loads the signed-in user; this keeps it under the data version.

    Any write to the user table (a role change, a deactivation, a new password) gives a new
    version, so the next request reads the user again and Django's session check sees the
    change; should that replacement fail, the clock step in the key still retires the user
    within five minutes. The cache pickles, so each request gets its own copy of the user.
    """

    def get_user(self, user_id: Any) -> Any:
        return freshness.remembered(
            f"user:{user_id}", lambda: super(AuthenticationBackend, self).get_user(user_id)
        )
