"""Shared fixtures: the release or debug binary, the data beside the repository, and runs
made once per session."""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def binary() -> Path:
    if os.environ.get("THIDUA"):
        return Path(os.environ["THIDUA"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    for profile in ("debug", "release"):
        if (target / profile / "thidua").exists():
            return target / profile / "thidua"
    raise RuntimeError("no thidua binary: build it first (cargo build) or set THIDUA")


def thidua(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(binary()), *args], capture_output=True, text=True, check=check, timeout=600
    )


@pytest.fixture(scope="session")
def seeds_run(tmp_path_factory) -> dict:
    """The seeds extracted in every format and layout: {(format, layout): folder}."""
    runs = {}
    for fmt in ("parquet", "csv", "ndjson"):
        for layout in ("files", "parts"):
            out = tmp_path_factory.mktemp(f"seeds-{fmt}-{layout}")
            extra = ["--parts"] if layout == "parts" else []
            thidua("extract", str(SHARED / "seeds"), "--out", str(out), "--format", fmt, "--quiet", *extra)
            runs[(fmt, layout)] = out
    return runs
