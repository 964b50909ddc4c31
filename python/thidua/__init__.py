"""Facts from Vietnamese district news on emulation and commendation, as tables.

thidua reads reports on *thi đua, khen thưởng* and party-building reviews and returns five
tables, the same as the command line's (``thidua extract``), from the same Rust pipeline:

- ``documents``: one row per record, with its ``status`` (``ok``, ``warning``, ``empty``,
  ``skipped``, ``error``) and ``error`` message; a bad record is a row, never an exception;
- ``quantities``, ``awards``, ``dates``: the facts, each with its evidence and offsets;
- ``checks``: reported figures checked against the article's own numbers.

Functions:

- :func:`extract`: records (dicts, or a polars / pyarrow / pandas table) to polars frames;
- :func:`extract_arrow`: a pyarrow ``RecordBatch`` or ``Table`` to pyarrow tables (for
  Spark's ``mapInArrow`` or Ray Data's ``map_batches``; see :mod:`thidua.spark`);
- :func:`extract_paths`: files, folders, JSON Lines and WARC archives, read as the command
  line reads them, to polars frames;
- :func:`extract_files`: the command line's ``extract``, tables written to a folder.

A record has ``text`` or ``html`` and optionally ``id``, ``url``, ``title``, ``published``
and ``source``, ``district`` and ``province`` (what the record is about, when its source
knows; the JSON Lines reader's other names work too: ``content``/``body`` for text,
``doc_id``, ``date``/``published_at``/``datePublished``). A string is read as a JSON Lines record's is (``documents.format`` is
``jsonl``); bytes are decoded as a file's are (legacy Vietnamese encodings too), and
``format`` is ``text`` or ``html``. A record's ``source`` defaults to ``NAME#id``, or
``NAME:n`` for the n-th record (from 1) without an id, where ``NAME`` is the ``name``
argument: a JSON Lines file's records, passed with its path as ``name``, get the rows the
command line gives that file.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

from . import _native
from ._native import ThiduaError

if TYPE_CHECKING:
    import polars
    import pyarrow

__all__ = [
    "TABLES",
    "ThiduaError",
    "extract",
    "extract_arrow",
    "extract_files",
    "extract_paths",
]
__version__: str = _native.__version__

#: The tables every call returns, in this order.
TABLES = ("documents", "quantities", "awards", "dates", "checks")

PathLike = Union[str, "os.PathLike[str]"]
Records = Union[Iterable[Mapping[str, Any]], "polars.DataFrame", "pyarrow.Table", "pyarrow.RecordBatch", Any]


class _Stream:
    """An Arrow C stream from the extension, for any reader of the PyCapsule interface."""

    def __init__(self, capsule: object) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        capsule, self._capsule = self._capsule, None
        if capsule is None:
            raise ValueError("this stream has been read already")
        return capsule


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _get(record: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The first of `keys` the record has a value for (the JSON Lines reader's names)."""
    for key in keys:
        value = record.get(key)
        if not _missing(value):
            return value
    return None


def _field(record: Mapping[str, Any], *keys: str) -> Optional[str]:
    value = _get(record, keys)
    return None if value is None else str(value)


def _content(record: Mapping[str, Any], keys: tuple[str, ...], where: str) -> Union[str, bytes, None]:
    value = _get(record, keys)
    key = keys[0]
    if value is None:
        return None
    if isinstance(value, (str, bytes)):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"{where}: {key} must be str or bytes, not {type(value).__name__}")


def _rows(records: Records) -> Iterable[Mapping[str, Any]]:
    """Records as mappings, whatever container holds them."""
    module = type(records).__module__.split(".")[0]
    if module == "polars":
        return records.iter_rows(named=True)
    if module == "pyarrow":
        return records.to_pylist()
    if module == "pandas":
        return records.to_dict("records")
    if isinstance(records, (Mapping, str, bytes)):
        raise TypeError("records must be an iterable of mappings or a table, not one record")
    return records


class _Record:
    """A record as the extension reads it."""

    __slots__ = ("number", "source", "text", "html", "title", "published", "url", "district", "province")

    def __init__(self, n: int, record: Mapping[str, Any], name: str) -> None:
        if not isinstance(record, Mapping):
            raise TypeError(f"record {n}: a mapping, not {type(record).__name__}")
        ident = _field(record, "id", "doc_id")
        self.number = n
        self.source = _field(record, "source") or (
            f"{name}#{ident}" if ident is not None else f"{name}:{n}"
        )
        self.text = _content(record, ("text", "content", "body"), self.source)
        self.html = _content(record, ("html",), self.source)
        self.title = _field(record, "title")
        self.published = _field(record, "published", "date", "published_at", "datePublished")
        self.url = _field(record, "url")
        self.district = _field(record, "district")
        self.province = _field(record, "province")


def _records(records: Records, name: str) -> list[_Record]:
    return [_Record(n, r, name) for n, r in enumerate(_rows(records), start=1)]


def _patterns(patterns: Optional[PathLike]) -> Optional[str]:
    return None if patterns is None else os.fspath(patterns)


def _polars(streams: list[tuple[str, object]]) -> dict[str, "polars.DataFrame"]:
    import polars as pl

    return {name: pl.DataFrame(_Stream(capsule)) for name, capsule in streams}


def _arrow(streams: list[tuple[str, object]]) -> dict[str, "pyarrow.Table"]:
    import pyarrow as pa

    return {
        name: pa.RecordBatchReader.from_stream(_Stream(capsule)).read_all()
        for name, capsule in streams
    }


def extract(
    records: Records,
    *,
    patterns: Optional[PathLike] = None,
    threads: Optional[int] = None,
    name: str = "records",
) -> dict[str, "polars.DataFrame"]:
    """Extracts the facts of records; returns the five tables as polars data frames.

    Args:
        records: an iterable of mappings, or a polars, pyarrow or pandas table, with ``text``
            or ``html`` (str, or bytes to be decoded as a file is) and optionally ``id``,
            ``url``, ``title``, ``published``, ``source``.
        patterns: a folder of rule files and word lists added to the built-in ones (the
            command line's ``--patterns``).
        threads: worker threads, 1 to 1024 (default: all cores).
        name: the prefix of each record's default ``source`` (``name#id`` or ``name:n``).

    Returns:
        ``{"documents": …, "quantities": …, "awards": …, "dates": …, "checks": …}``, with the
        schema of the command line's Parquet tables. Records keep their order.

    Raises:
        TypeError: a record is not a mapping, or its text is neither str nor bytes.
        ValueError: bytes content given with ``title`` or ``published`` (they are read from
            the content), or ``threads`` out of range.
        ThiduaError: the patterns could not be loaded (the message names file and line).
    """
    streams = _native.extract_records(
        _records(records, name), patterns=_patterns(patterns), threads=threads
    )
    return _polars(streams)


def extract_arrow(
    batch: Union["pyarrow.RecordBatch", "pyarrow.Table"],
    *,
    patterns: Optional[PathLike] = None,
    threads: Optional[int] = None,
    name: str = "records",
) -> dict[str, "pyarrow.Table"]:
    """Extracts the facts of an Arrow batch of records; returns pyarrow tables.

    The batch has the columns :func:`extract` reads from a record. Strings come back as
    ``large_string`` (what pyarrow 15+, pandas and Spark read); numbers and dates are handed
    over without copying. Arguments and errors are those of :func:`extract`.
    """
    streams = _native.extract_records(
        _records(batch, name),
        patterns=_patterns(patterns),
        threads=threads,
        large_strings=True,
    )
    return _arrow(streams)


def extract_paths(
    paths: Union[PathLike, Iterable[PathLike]],
    *,
    patterns: Optional[PathLike] = None,
    threads: Optional[int] = None,
) -> dict[str, "polars.DataFrame"]:
    """Extracts the facts of files and folders, read as ``thidua extract`` reads them.

    Text and HTML files (also gzipped), JSON Lines archives and WARC files; folders are
    walked in name order. The tables are those the command line writes for the same
    arguments, row for row, held in memory: for archives larger than memory use
    :func:`extract_files` (or :mod:`thidua.spark`).

    Raises:
        ThiduaError: a named path cannot be read (the message names it), or the patterns
            could not be loaded.
    """
    streams = _native.extract_paths(
        _paths(paths), patterns=_patterns(patterns), threads=threads
    )
    return _polars(streams)


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def extract_files(
    paths: Union[PathLike, Iterable[PathLike]],
    out: PathLike,
    *,
    format: Literal["parquet", "csv", "ndjson"] = "parquet",
    patterns: Optional[PathLike] = None,
    threads: Optional[int] = None,
    parts: bool = False,
    resume: bool = False,
    district: Optional[str] = None,
    province: Optional[str] = None,
) -> dict[str, int]:
    """Runs ``thidua extract``: reads ``paths`` and writes the five tables to ``out``.

    Args:
        paths: files, folders, JSON Lines or WARC archives.
        out: the output folder; it holds this run only (tables of an earlier run in another
            format are removed) and a ``manifest.json``.
        format: ``parquet``, ``csv`` or ``ndjson``.
        parts: each table as a folder of part files, one per batch (``--parts``).
        resume: continue an interrupted ``parts`` run in ``out`` (``--resume``).
        district, province: the district and province every input is about, in any
            spelling (``--district``, ``--province``): a district portal's archive.

    Returns:
        The run's counts: ``documents``, ``ok``, ``warnings``, ``empty``, ``skipped``,
        ``errors``, ``quantities``, ``awards``, ``dates``, ``checks``.

    Raises:
        ThiduaError: the run could not be done, with the command line's message (an input
            that cannot be read, an output folder that cannot be written, …).
        ValueError: an unknown ``format``, ``resume`` without ``parts``, ``threads`` out
            of range.
    """
    summary = _native.extract_files(
        _paths(paths),
        os.fspath(out),
        format=format,
        patterns=_patterns(patterns),
        threads=threads,
        parts=parts,
        resume=resume,
        district=district,
        province=province,
    )
    return json.loads(summary)
