"""Massalia's benchmarks: `python -m bench` (or `make bench`) writes bench/results/latest.*.

Most benchmarks run in their own process against a throwaway SQLite database under var/bench/;
`bench.postgres` uses a throwaway PostgreSQL database, `massalia_bench` on 127.0.0.1:5432
(skipped when unreachable). The project's database is never touched.
"""
