"""Where a table's rows go: one Parquet file, or, past SHARD_ROWS rows, numbered shards.

A small table is `data/<name>.parquet`; a large one `data/<name>/part-NNNNN.parquet`, each of
at most SHARD_ROWS rows, so that no file grows without bound and readers can fetch and stream
shards one by one. Row groups of ROW_GROUP_ROWS rows let a reader skip within a shard.
The layout follows from the row count alone, so every writer (datapackage.json, the card,
Croissant) names the same files without looking at the folder.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SHARD_ROWS = 200_000
ROW_GROUP_ROWS = 50_000


def sharded(num_rows: int) -> bool:
    return num_rows > SHARD_ROWS


def table_files(name: str, num_rows: int) -> list[str]:
    """The table's files, relative to the dataset folder."""
    if not sharded(num_rows):
        return [f"data/{name}.parquet"]
    return [f"data/{name}/part-{n:05d}.parquet" for n in range(-(-num_rows // SHARD_ROWS))]


def table_glob(name: str, num_rows: int) -> str:
    """The files as one pattern (Hugging Face data_files, Croissant includes)."""
    return f"data/{name}/*.parquet" if sharded(num_rows) else f"data/{name}.parquet"


def write_table(table: pa.Table, out: Path, name: str) -> None:
    files = table_files(name, table.num_rows)
    for number, path in enumerate(files):
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        part = table.slice(number * SHARD_ROWS, SHARD_ROWS) if len(files) > 1 else table
        pq.write_table(part, out / path, compression="zstd", row_group_size=ROW_GROUP_ROWS)


def stored_files(folder: Path, name: str) -> list[str]:
    """The files a built folder holds for a table: its shards, or its one file."""
    shards = sorted(p.relative_to(folder).as_posix() for p in (folder / "data" / name).glob("*.parquet"))
    return shards or [f"data/{name}.parquet"]


def read_files(folder: Path, files: list[str]) -> pa.Table:
    """The files as one table."""
    # ParquetFile, not read_table: that imports pyarrow.dataset (and pandas), a third of a short command
    return pa.concat_tables([pq.ParquetFile(folder / path).read() for path in files])
