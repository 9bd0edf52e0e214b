"""Shared fixtures: the command line to compare with, and the postings to compare on."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "fixtures" / "gold" / "gold.jsonl"
DEV = Path(os.environ.get("ROLESIFT_SHARED", ROOT.parent / "shared")) / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The rolesift binary: $ROLESIFT_BIN, else the workspace's build (built when missing)."""
    given = os.environ.get("ROLESIFT_BIN")
    if given:
        return Path(given)
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "rolesift"
        if path.exists():
            return path
    subprocess.run(["cargo", "build", "--bin", "rolesift"], cwd=ROOT, check=True)
    return ROOT / "target" / "debug" / "rolesift"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def postings_files() -> list[Path]:
    files = [GOLD]
    if DEV.exists():
        files.append(DEV)
    else:
        print(f"SKIPPED the dev.jsonl comparisons: {DEV} is absent")
    return files


@pytest.fixture(scope="session", params=postings_files(), ids=lambda p: p.name)
def postings(request) -> tuple[Path, list[dict]]:
    return request.param, read_jsonl(request.param)


@pytest.fixture(scope="session")
def cli_answers(cli):
    """`rolesift classify FILE [--ignore-title] --format jsonl`, by (file, ignore_title)."""
    cache: dict = {}

    def answers(path: Path, ignore_title: bool) -> list[dict]:
        key = (path, ignore_title)
        if key not in cache:
            args = [str(cli), "classify", str(path), "--format", "jsonl", "--quiet"]
            if ignore_title:
                args.append("--ignore-title")
            out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
            cache[key] = [json.loads(line) for line in out.splitlines()]
        return cache[key]

    return answers
