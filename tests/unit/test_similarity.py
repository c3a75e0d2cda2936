import numpy as np
import pytest

from provcheck.verdict.similarity import MODEL_DIR, StaticEmbedder


def test_lean_loader_encodes_exactly_as_model2vec() -> None:
    model2vec = pytest.importorskip("model2vec")
    reference = model2vec.StaticModel.from_pretrained(str(MODEL_DIR))
    texts = [
        "Daesh [ISIS] is no longer a big threat to Iraq.",
        "",
        "x",
        "Ain al-Asad airbase, 2,500 troops, “curly quotes” and émigrés",
        "word " * 3000,  # past max_length: both cut the same way
    ]
    mine = StaticEmbedder()._encode_raw(texts)
    theirs = reference.encode(texts, use_multiprocessing=False)
    assert mine.dtype == theirs.dtype
    assert np.array_equal(mine, theirs)


def test_vectors_are_unit_length() -> None:
    v = StaticEmbedder().encode(["a sentence", "another one"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
