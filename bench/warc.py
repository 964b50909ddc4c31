#!/usr/bin/env python3
"""WARC throughput against the same pages as files: the HTML fixtures written once as a
WARC (warcio, gzip per record, HTTP headers) and once as plain .html files, each read by a
release build, median of three runs in turn. Needs warcio (pip install warcio).

usage: python3 bench/warc.py [THIDUA]
"""
import gzip
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted((REPO.parent / "shared" / "bench" / "html-fixtures").glob("*.html.gz"))
target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "thidua-target"))
THIDUA = sys.argv[1] if len(sys.argv) > 1 else str(target / "release" / "thidua")

with tempfile.TemporaryDirectory() as work:
    work = Path(work)
    files = work / "pages"
    files.mkdir()
    warc = work / "pages.warc.gz"
    with open(warc, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for page in PAGES:
            body = gzip.decompress(page.read_bytes())
            (files / page.name[:-3]).write_bytes(body)
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://x.example/{page.name[:-3]}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    html_mb = sum(p.stat().st_size for p in files.iterdir()) / 1e6
    times = {"files": [], "warc": []}
    for _ in range(3):
        for name, source in (("files", files), ("warc", warc)):
            started = time.perf_counter()
            subprocess.run([THIDUA, "extract", str(source), "--out", str(work / name), "--format", "ndjson",
                            "--quiet", "--threads", "1"], check=False)
            times[name].append(time.perf_counter() - started)
    print(f"{len(PAGES)} pages, {html_mb:.1f} MB of HTML; WARC.gz {warc.stat().st_size / 1e6:.1f} MB")
    for name, t in times.items():
        m = statistics.median(t)
        print(f"{name}: median {m:.2f} s of {', '.join(f'{x:.2f}' for x in t)}: {html_mb / m:.1f} MB/s of HTML")
    print(f"WARC / files time: {statistics.median(times['warc']) / statistics.median(times['files']):.2f}")
