"""What every API of the platform shares (Open311 now; NGSI-LD and open data next).

- `scopes`: the rights an API key may hold, declared by each API ("open311:write").
- `models.ApiKey`, `keys`: one table of keys (hashed, prefix shown, active or revoked, last
  use, owner, scopes); `keys.authenticate_key(request, scope=…)` is the one check.
- `errors`: `ApiError` and the one place exceptions become it; the general JSON format
  `{"error": {"code", "message", "details"}}`, each API free to render its own.
- `params`, `endpoints`: one declaration per endpoint (path, method, parameters with their
  JSON-schema constraints, body, responses); the server reads parameters through it.
- `openapi`: the OpenAPI document generated from those declarations, and its view.

Importing this package loads no model, so `core.security` may use `params` and `errors`.
"""
