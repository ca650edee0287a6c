"""A Dask worker plugin that loads the extractors once per worker (imported only with ``--cluster``)."""
from __future__ import annotations

from distributed import WorkerPlugin


class WarmUp(WorkerPlugin):
    """Load jieba's dictionary and the extractors once, when a worker starts (or joins)."""

    name = "govkg-warm-up"

    def setup(self, worker):  # noqa: D102, ARG002
        from govkg.store import corpus  # noqa: PLC0415

        corpus.warm_up()
