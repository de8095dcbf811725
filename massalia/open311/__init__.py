"""Open311 GeoReport v2 over the service-request engine (http://wiki.open311.org/GeoReport_v2).

Endpoints, under /open311/v2/, each in `.json` and `.xml`:

- `discovery.{fmt}` (URL name "open311:discovery")
- `services.{fmt}` ("open311:services"): active public request types
- `services/{code}.{fmt}` ("open311:service_definition")
- `requests.{fmt}` ("open311:requests"): GET lists, POST files a request
- `requests/{id}.{fmt}` ("open311:request_detail"): a one-element list
- `openapi.json` ("open311:openapi"): an OpenAPI 3.0 description of the JSON format,
  generated (`core.api.openapi`) from one declaration per endpoint (`massalia.open311.openapi`)
  whose query parameters are those the server reads (`parsing`); checked against the
  endpoints by schemathesis in the tests

Choices where the spec leaves room (or where Massalia differs):

- Only published requests (confirmed, of a public type) are ever shown, and never a field
  about the requester. `status` is `open` for new/acknowledged/in_progress, `closed` for
  resolved/rejected/duplicate; `status_notes` is the latest public note.
- `jurisdiction_id`: one jurisdiction is served, `OPEN311_JURISDICTION` or else the host of
  `SITE_URL` (the OpenAPI document names it). Missing or empty means that one; any other
  answers the spec's 404 on every endpoint but discovery (query string, or POST field).
- API keys are the platform's (`core.api`, `massalia apikey`), each with its scopes; Open311
  declares `open311:write`, given to new keys by default. The `X-Api-Key` header, else
  `api_key` (query string or POST field), read by `core.api.keys.authenticate_key`. Reads
  need no key and are limited per IP (`open311-read-ip`) and per active key, else per IP
  (`open311-read`): a made-up or revoked key counts as no key.
- GET requests: the spec's default volume, the most recent 90 days and at most 1000 rows,
  newest first. A start/end range may not span more than 90 days (400). Extension:
  `page_size` (1–1000) lowers the cap. `service_request_id` overrides every other filter
  (they must still be well formed). Dates are RFC 3339 date-times with their offset
  (`2024-05-01T00:00:00Z`); `status` is `open`, `closed` or both, comma-separated.
- POST requests: form-encoded as the spec says, or a JSON object (`"attribute": {...}`
  accepted). A key with the scope `open311:write` is required (403 when missing, unknown,
  revoked or without that scope). A request filed
  with a valid key is confirmed at once, so that it is routed. Location: `lat`+`long`, else
  `address_string` (geocoded by the gazetteer), else `address_id` (a quartier's slug), the
  rule of the web form too (`territory.locations`).
  `media` (multipart/form-data, one image file) becomes the request's photo through
  `core.uploads`, as the portal's photos do; a file that is not an accepted image, a second
  file, a file under another name or a `media` text field answers 400, never silently lost.
  `phone`, `media_url`, `device_id` and `account_id` are ignored; only `first_name last_name`
  and `email` are kept, never published.
- `email`: a key vouches for a client, not for the addresses it sends, so a POST cannot make
  the platform a mail relay. An address whose owner has not confirmed it is not given to the
  request (no acknowledgement, no follow-up: the request is still routed at once); it gets
  one message, a signed confirmation link (`adresse/<token>`, valid 7 days, naming only a
  keyed hash of the address), at most once a day per address whoever files with it
  (`RATELIMIT_OPEN311_ADDRESS_CONFIRMATION`, default 1/d). Once confirmed (only the hash is
  kept, `ConfirmedAddress`), later requests with that address carry it as anonymous web
  reports confirmed by email do: acknowledgement and every public change. The requests filed
  before the confirmation stay without it.
- The POST answers 200 with the spec's one-element list: the spec defines no other success
  code and shows none, and clients written against it expect 200.
- An unknown `service_code` answers 404, as the spec's "Possible errors" of both the service
  definition and the POST say ("service_code ... was not found"); a missing one answers 400.
- Errors are the spec's `errors` document with the HTTP status in `code`; descriptions are
  in French. They come from core's `ApiError` through the same mechanism as every API's
  (`core.api.endpoints.Api.run`), rendered by `open311.errors.render_error` instead of the
  platform's general `{"error": {...}}`, which the spec does not allow. An unknown format
  extension or path answers 404 in XML (the spec's required format) unless the path ends in
  `.json`; a wrong method answers 405.
"""
