"""Security mechanisms every app uses: response headers, rate limits, idempotency keys.

- `headers.SecurityHeadersMiddleware`: Content-Security-Policy and Permissions-Policy.
- `ratelimit`: `@ratelimit(scope, rate=...)` and the login-failure throttle, over Django's cache.
- `idempotency`: `@idempotent(scope)` replays a POST sent again with the same `Idempotency-Key`.
- `clients`: who is asking (client IP behind trusted proxies, API key).

This package only imports Django lazily-safe modules so settings.py may use `config`.
"""
