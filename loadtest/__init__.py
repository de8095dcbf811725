"""Load and fault tests against real gunicorn processes, PostgreSQL and Redis on 127.0.0.1.

`python -m loadtest` (see `python -m loadtest --help`) creates a throw-away PostgreSQL
database, loads the small demo, starts gunicorn, drives a fixed rate of requests for a fixed
time, checks that nothing failed and that every accepted Open311 POST is in the database,
then drops the database. `--fault pg-restart` stops PostgreSQL in the middle of the run.
Everything stays on the loopback address; counts and durations are bounded.
"""
