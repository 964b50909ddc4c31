"""A WARC archive of the HTML fixtures, written with warcio (gzip per record, HTTP
headers, chunked and gzip-coded bodies, non-200 and non-HTML records), gives the same
documents and facts as the pages read as files."""
import gzip
import io
import json

import pytest

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from conftest import SHARED, thidua  # noqa: E402

FIXTURES = SHARED / "bench" / "html-fixtures"
URL = "https://fixtures.example/"


def pages():
    return sorted(FIXTURES.glob("*.html.gz"))


def write_warc(path):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("fixtures.warc.gz", {"software": "warcio"}))
        for i, page in enumerate(pages()):
            body = gzip.decompress(page.read_bytes())
            headers = [("Content-Type", "text/html; charset=utf-8")]
            # Every third page is stored as sent with a content coding.
            if i % 3 == 0:
                body = gzip.compress(body)
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            url = URL + page.name[: -len(".gz")]
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                          warc_headers_dict={"Content-Type": "application/http; msgtype=request"}))
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
        gone = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(URL + "gone", "response", payload=io.BytesIO(b"<p>gone</p>"), http_headers=gone))
        moved = StatusAndHeaders("301 Moved Permanently", [("Location", "/x")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(URL + "moved", "response", payload=io.BytesIO(b""), http_headers=moved))
        png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(URL + "logo.png", "response", payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=png))


def rows(folder, table):
    return [json.loads(line) for line in (folder / f"{table}.ndjson").read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    work = tmp_path_factory.mktemp("warc")
    warc = work / "fixtures.warc.gz"
    write_warc(warc)
    # The same pages as files, named as the WARC's URLs end.
    files = work / "pages"
    files.mkdir()
    for page in pages():
        (files / page.name[: -len(".gz")]).write_bytes(gzip.decompress(page.read_bytes()))
    for name, source in (("warc", warc), ("files", files)):
        thidua("extract", str(source), "--out", str(work / name), "--format", "ndjson", "--quiet", check=False)
    return work


def by_page(run, key):
    docs = rows(run, "documents")
    name_of = {d["doc_id"]: key(d) for d in docs}
    return docs, name_of


def test_every_page_is_a_document_and_the_rest_are_skipped_with_reasons(runs):
    docs = rows(runs / "warc", "documents")
    pages_read = [d for d in docs if d["url"] and d["status"] in ("ok", "warning", "empty")]
    assert len(pages_read) == len(pages())
    skipped = sorted(d["error"] for d in docs if d["status"] == "skipped")
    assert skipped == ["HTTP status 301", "HTTP status 404", "media type image/png, not HTML or text"]
    assert all(d["source"].split("#")[1].startswith("urn:uuid:") for d in docs)
    assert all(d["fetched"] for d in pages_read)
    assert all(d["published"] != d["fetched"] or d["published"] is None for d in pages_read)


def test_titles_dates_and_facts_equal_the_pages_read_as_files(runs):
    warc_docs, warc_page = by_page(runs / "warc", lambda d: d["url"] and d["url"][len(URL):])
    file_docs, file_page = by_page(runs / "files", lambda d: d["source"].rsplit("/", 1)[-1])
    fields = ("title", "published", "text", "n_quantities", "n_awards", "n_dates", "status")
    from_warc = {warc_page[d["doc_id"]]: tuple(d[f] for f in fields) for d in warc_docs if d["url"]}
    from_files = {file_page[d["doc_id"]]: tuple(d[f] for f in fields) for d in file_docs}
    assert from_warc.keys() == from_files.keys()
    differing = [name for name in from_files if from_warc[name] != from_files[name]]
    assert differing == []
    for table in ("quantities", "awards", "dates", "checks"):
        fact = lambda r, page: (page[r["doc_id"]], r["text"], r["start"], r["end"])  # noqa: E731
        warc_facts = sorted(fact(r, warc_page) for r in rows(runs / "warc", table))
        file_facts = sorted(fact(r, file_page) for r in rows(runs / "files", table))
        assert warc_facts == file_facts, table
