"""Batch input → `Partition`s: small files grouped, JSONL files and WARC archives split in record ranges.

A partition's id hashes the content of its files, its range and the run's options: deterministic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import BadInput
from ..ingest.readers import Planned, plan_sources

SPLIT_READERS = ("jsonl", "warc")  # one file holds many articles: split into record ranges
HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Partition:
    """Some files read whole (`reader` "files"), or records `first`..`first+count-1` of one file.

    `count` None reads to the end of the file (so the last range also reports trailing damage).
    """

    id: str
    reader: str  # files | jsonl | warc
    paths: tuple[str, ...]
    first: int = 1  # first record (WARC) or line (JSONL) number, 1-based as ingest numbers them
    count: int | None = None

    @property
    def last(self) -> int | None:
        return None if self.count is None else self.first + self.count - 1

    def label(self) -> str:
        if self.reader == "files":
            more = f" (+{len(self.paths) - 1} files)" if len(self.paths) > 1 else ""
            return f"{self.paths[0]}{more}"
        end = "end" if self.last is None else str(self.last)
        return f"{self.paths[0]}:{self.first}-{end}"


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """How input is cut: records per WARC/JSONL range, small files per partition."""

    records_per_partition: int = 250
    files_per_partition: int = 64
    salt: str = ""  # pipeline version and run options: a change makes every partition new


def plan_partitions(sources: list[str], *, options: PlanOptions | None = None) -> list[Partition]:
    """Partitions of the files named (directories searched as `sitroom ingest` does), in order.

    URLs and stdin are refused (`BadInput`): workers read files, and a rerun must read the same bytes.
    """
    options = options or PlanOptions()
    if options.records_per_partition < 1 or options.files_per_partition < 1:
        raise BadInput("records and files per partition must be at least 1")
    planned = plan_sources(sources)
    refused = [p.url or "-" for p in planned if p.path is None]
    if refused:
        raise BadInput(
            f"batch reads files only (got {', '.join(refused)}); use `sitroom ingest` for URLs/stdin"
        )
    partitions: list[Partition] = []
    group: list[Planned] = []

    def flush() -> None:
        if group:
            paths = tuple(str(p.path) for p in group)
            digests = [_file_digest(Path(p)) for p in paths]
            partitions.append(_make("files", paths, 1, None, digests, options.salt))
            group.clear()

    for item in planned:
        assert item.path is not None
        if item.reader not in SPLIT_READERS:
            group.append(item)
            if len(group) >= options.files_per_partition:
                flush()
            continue
        flush()
        partitions.extend(_split(item, options))
    flush()
    seen: set[str] = set()
    unique = []
    for part in partitions:  # the same bytes named twice are one piece of work
        if part.id not in seen:
            seen.add(part.id)
            unique.append(part)
    return unique


def _split(item: Planned, options: PlanOptions) -> Iterator[Partition]:
    assert item.path is not None
    path = str(item.path)
    digest = _file_digest(item.path)
    total = _count_warc_records(item.path) if item.reader == "warc" else _count_lines(item.path)
    size = options.records_per_partition
    first = 1
    while True:
        last_range = first + size > total
        count = None if last_range else size
        yield _make(item.reader, (path,), first, count, [digest], options.salt)
        if last_range:
            return
        first += size


def _make(
    reader: str,
    paths: tuple[str, ...],
    first: int,
    count: int | None,
    digests: list[str],
    salt: str,
) -> Partition:
    key = hashlib.sha256()
    for part in (reader, str(first), str(count), salt, *digests):
        key.update(part.encode())
        key.update(b"\0")
    return Partition(key.hexdigest()[:24], reader, paths, first, count)


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def _count_warc_records(path: Path) -> int:
    """Records read before the end or the first damage (the last range reads on to report it)."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        with path.open("rb") as fh:
            archive = ArchiveIterator(fh)
            archive.INC_RECORD = ""
            for _record in archive:
                number += 1
    except Exception:  # noqa: BLE001 - damage is the reader's to report, with its reason
        pass
    return number
