"""Password hashing: Argon2id with parameters sized for a login well under 200 ms."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class PortalArgon2PasswordHasher(Argon2PasswordHasher):
    """Django's Argon2id hasher at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

    Django's defaults (100 MiB, 8 lanes) took about 0.5 s of a 2-core machine per login and
    100 MiB per concurrent login; these take about 25 ms. The hash records its parameters,
    so a hash made with others still verifies and is re-made at its owner's next login.
    """

    memory_cost = 19456
    time_cost = 2
    parallelism = 1
