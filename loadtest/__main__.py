"""`python -m loadtest [--fault pg-restart]`: drive real gunicorn processes, print a summary."""

from __future__ import annotations

import argparse
import json
import sys

from loadtest.runner import FAULTS, Options, preflight, run


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0, help="duration of the run")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process")
    parser.add_argument("--timeout", type=float, default=10.0, help="client timeout (s)")
    parser.add_argument("--fault", choices=FAULTS, default="none")
    parser.add_argument("--down-seconds", type=float, default=4.0, help="PostgreSQL down time")
    parser.add_argument("--redis-db", type=int, default=13, help="Redis database for the cache")
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE")
    parser.add_argument("--keep", action="store_true", help="keep the database and logs")
    args = parser.parse_args(argv)
    return Options(
        rate=args.rate,
        seconds=args.seconds,
        workers=args.workers,
        threads=args.threads,
        timeout=args.timeout,
        fault=args.fault,
        down_seconds=args.down_seconds,
        redis_db=args.redis_db,
        conn_max_age=args.conn_max_age,
        keep=args.keep,
    )


def main(argv: list[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    reason = preflight()
    if reason:
        print(f"loadtest: cannot run: {reason}", file=sys.stderr)
        return 2
    report = run(options)
    print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    if options.keep:
        print("logs: " + " ".join(report.logs), file=sys.stderr)
    return 0 if report.verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
