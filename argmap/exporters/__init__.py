"""Writers from thread graphs to the formats researchers' tools read.

``write_dataset`` (Parquet + dataset card) is importable from here; the per-format writers live
in their own modules (``graphml``, ``gexf``, ``aif``, ``convokit``, ``nodelink``).
"""

from argmap.exporters.hf_dataset import write_dataset

__all__ = ["write_dataset"]
