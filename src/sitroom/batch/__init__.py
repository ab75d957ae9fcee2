"""Distributed batches on Dask: input cut into partitions, the pipeline run per partition on workers.

Results go to PostgreSQL directly or through per-partition SQLite files; each partition commits once.
"""

from __future__ import annotations

from .driver import BatchFailed, BatchOptions, BatchReport, dask_client, run_batch
from .partition import Partition, PlanOptions, plan_partitions

__all__ = [
    "BatchFailed",
    "BatchOptions",
    "BatchReport",
    "Partition",
    "PlanOptions",
    "dask_client",
    "plan_partitions",
    "run_batch",
]
