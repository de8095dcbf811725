"""Massalia's benchmarks: `python -m bench` (or `make bench`) writes bench/results/latest.*.

Each benchmark runs in its own process against its own throwaway SQLite database under
var/bench/, so the project's database is never touched.
"""
