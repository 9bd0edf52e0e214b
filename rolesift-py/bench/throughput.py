#!/usr/bin/env python3
"""The Python batch API's throughput as a ratio of the CLI's, on the same postings, same run.

    python rolesift-py/bench/throughput.py [--postings N] [--pairs K] [--cli PATH]

Generates N postings (deterministic, 1–3 KB, some HTML), writes them as JSONL, then alternates
K pairs: `rolesift classify FILE --format jsonl > out` (the CLI as a user runs it, reading and
writing included) and `rolesift.classify_arrays(titles, bodies)` on the same postings already
in Arrow columns (the batch API as a pipeline uses it: the data is already in memory). Prints
postings/s of each, per pair, and the median ratio (Python / CLI). Target: ≥ 0.9.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import rolesift

WORDS = (
    "product owner backlog roadmap sprint planning stakeholders engineer data analyst pricing "
    "market research user stories team agile budget strategy design customer interviews "
    "acceptance criteria go-to-market vision kitchen nurse sales delivery quality reporting"
).split()
TITLES = ["Product Owner", "Product Manager", "Data Analyst", "Software Engineer", "Nurse", ""]


def postings(n: int) -> list[dict]:
    rng = random.Random(7)
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(150, 450))]
        body = " ".join(words)
        if i % 5 == 0:
            body = f"<p>{body}</p><ul><li>{rng.choice(WORDS)}</li></ul>"
        out.append({"id": f"b{i}", "title": rng.choice(TITLES), "description": body})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=50_000)
    parser.add_argument("--pairs", type=int, default=5)
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--cli", default=str(root / "target" / "release" / "rolesift"))
    args = parser.parse_args()

    records = postings(args.postings)
    titles = pa.array([r["title"] for r in records])
    bodies = pa.array([r["description"] for r in records])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "postings.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records))
        out = Path(tmp) / "out.jsonl"
        ratios = []
        for pair in range(args.pairs):
            with open(out, "wb") as sink:
                start = time.perf_counter()
                subprocess.run(
                    [args.cli, "classify", str(path), "--format", "jsonl", "--quiet"],
                    stdout=sink,
                    check=True,
                )
                cli = args.postings / (time.perf_counter() - start)
            start = time.perf_counter()
            batch = rolesift.classify_arrays(titles, bodies)
            python = args.postings / (time.perf_counter() - start)
            assert batch.num_rows == args.postings
            ratios.append(python / cli)
            print(f"pair {pair + 1}: CLI {cli:,.0f} postings/s, classify_arrays {python:,.0f} postings/s, ratio {python / cli:.2f}")
    print(f"median ratio (classify_arrays / CLI) over {args.pairs} pairs: {statistics.median(ratios):.2f}  (target >= 0.9)")


if __name__ == "__main__":
    main()
