"""The Python package gives the command line's rows: records (strings, bytes, polars, pyarrow
and pandas tables), paths and written runs; bad input is a row or a clear exception."""
import json
import pydoc

import pytest

from conftest import SHARED, thidua as cli

thidua = pytest.importorskip("thidua")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
from polars.testing import assert_frame_equal  # noqa: E402

TABLES = ["documents", "quantities", "awards", "dates", "checks"]
DEV = SHARED / "district" / "daksong-dev.jsonl"


def cli_tables(tmp_path, *inputs) -> dict:
    out = tmp_path / "cli"
    # Exit status 1 says some documents failed; their rows are what is compared.
    run = cli("extract", *map(str, inputs), "--out", str(out), "--quiet", check=False)
    assert run.returncode in (0, 1), run.stderr
    return {t: pl.read_parquet(out / f"{t}.parquet") for t in TABLES}


def assert_same(got: dict, want: dict):
    assert list(got) == TABLES
    for table in TABLES:
        assert want[table].height > 0 or table == "checks"
        assert_frame_equal(got[table], want[table], check_exact=True)


def dev_records() -> list:
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]


def seed_records() -> list:
    folder = SHARED / "seeds"
    return [{"source": str(folder / p.name), "text": p.read_bytes()} for p in sorted(folder.iterdir())]


def test_seed_files_as_bytes_give_the_command_lines_rows(tmp_path):
    assert_same(thidua.extract(seed_records()), cli_tables(tmp_path, SHARED / "seeds"))


def test_json_lines_records_give_the_command_lines_rows(tmp_path):
    want = cli_tables(tmp_path, DEV)
    assert_same(thidua.extract(dev_records(), name=str(DEV), threads=2), want)
    # The same records as a polars, a pyarrow and a pandas table.
    frame = pl.DataFrame(dev_records())
    assert_same(thidua.extract(frame, name=str(DEV)), want)
    assert_same(thidua.extract(frame.to_arrow(), name=str(DEV)), want)
    assert_same(thidua.extract(frame.to_pandas(), name=str(DEV)), want)


def test_paths_give_the_command_lines_rows(tmp_path):
    inputs = [SHARED / "seeds", DEV]
    assert_same(thidua.extract_paths(inputs), cli_tables(tmp_path, *inputs))


def test_arrow_batches_give_the_same_rows_with_large_strings():
    records = dev_records()[:5]
    batch = pa.RecordBatch.from_pylist(records)
    arrow = thidua.extract_arrow(batch)
    frames = thidua.extract(records)
    for table in TABLES:
        assert arrow[table].schema.field("doc_id").type == pa.large_string()
        assert_frame_equal(pl.from_arrow(arrow[table]), frames[table], check_dtypes=False)
    assert arrow["quantities"].num_rows == frames["quantities"].height > 0


def test_a_bad_record_is_a_row_as_in_the_command_line(tmp_path):
    lines = tmp_path / "bad.jsonl"
    lines.write_text('{"id": "a", "title": "no text"}\n{"id": "b", "text": "   "}\n', encoding="utf-8")
    want = cli_tables(tmp_path, lines)["documents"]
    got = thidua.extract([{"id": "a", "title": "no text"}, {"id": "b", "text": "   "}], name=str(lines))
    # The failed record's message counts records, not lines (and its id hashes the message).
    assert got["documents"]["error"][0] == "record 1: no `text` or `html` field"
    assert want["error"][0] == "line 1: no `text` or `html` field"
    same = ["source", "format", "status", "n_chars", "n_quantities"]
    assert_frame_equal(got["documents"].select(same), want.select(same))
    assert_frame_equal(got["documents"][1:], want[1:])
    assert got["documents"]["status"].to_list() == ["error", "empty"]


def test_undecodable_bytes_are_a_warning_not_lost_text():
    text = "Huyện tặng giấy khen cho 12 tập thể, 54 cá nhân.".encode() + b"\xff"
    docs = thidua.extract([{"id": 1, "text": text}])["documents"]
    assert docs["status"].to_list() == ["warning"]
    assert docs["n_replaced"].to_list() == [1]
    assert docs["encoding"].to_list() == ["utf-8"]


def test_a_record_and_a_run_state_their_district(tmp_path):
    text = "UBND huyện Tuy Đức tặng giấy khen cho 12 tập thể."
    docs = thidua.extract([{"id": 1, "text": text, "district": "Đăk Song"}, {"id": 2, "text": text}])["documents"]
    assert docs["district"].to_list() == ["Đắk Song", "Tuy Đức"]
    assert docs["district_code"].to_list() == ["665", "667"]
    assert docs["province_2025"].to_list() == ["Lâm Đồng", "Lâm Đồng"]
    summary = thidua.extract_files([DEV], tmp_path / "o", format="ndjson", district="Đak Song")
    assert summary["documents"] == 17
    rows = [json.loads(line) for line in (tmp_path / "o" / "documents.ndjson").read_text().splitlines()]
    assert {r["district"] for r in rows} == {"Đắk Song"}
    with pytest.raises(thidua.ThiduaError, match="names 10 districts"):
        thidua.extract_files([DEV], tmp_path / "o", district="Châu Thành")


def test_wrong_arguments_raise_with_the_reason(tmp_path):
    with pytest.raises(TypeError, match="text must be str or bytes"):
        thidua.extract([{"id": 1, "text": 42}])
    with pytest.raises(TypeError, match="record 2: a mapping"):
        thidua.extract([{"text": "a"}, "b"])
    with pytest.raises(ValueError, match="threads must be 1 to 1024, not 0"):
        thidua.extract([{"text": "a"}], threads=0)
    with pytest.raises(ValueError, match="title, published, district and province are read from the content"):
        thidua.extract([{"html": b"<p>a</p>", "title": "T"}])
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(thidua.ThiduaError, match=f"cannot read {missing}"):
        thidua.extract_paths([missing])
    with pytest.raises(ValueError, match="format must be parquet, csv or ndjson"):
        thidua.extract_files([DEV], tmp_path / "o", format="xlsx")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.toml").write_text("[[rule]]\nid = 'x'\nneeds_recipient = true\n", encoding="utf-8")
    with pytest.raises(thidua.ThiduaError, match="bad.toml"):
        thidua.extract([{"text": "a"}], patterns=rules)


def test_extract_files_writes_what_the_command_line_writes(tmp_path):
    summary = thidua.extract_files([DEV], tmp_path / "py", format="ndjson")
    cli("extract", str(DEV), "--out", str(tmp_path / "cli"), "--format", "ndjson", "--quiet")
    manifest = json.loads((tmp_path / "cli" / "manifest.json").read_text())
    assert summary["documents"] == 17
    assert {k: summary[k] for k in ("documents", "quantities", "awards", "dates", "checks")} == {
        k: manifest[k] for k in ("documents", "quantities", "awards", "dates", "checks")
    }
    for table in TABLES:
        py = (tmp_path / "py" / f"{table}.ndjson").read_text(encoding="utf-8")
        assert py == (tmp_path / "cli" / f"{table}.ndjson").read_text(encoding="utf-8")


def test_help_documents_every_function():
    page = pydoc.render_doc(thidua)
    for name in ("extract", "extract_arrow", "extract_paths", "extract_files", "ThiduaError"):
        assert name in page
        assert getattr(thidua, name).__doc__
