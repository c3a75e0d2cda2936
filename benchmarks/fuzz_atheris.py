"""Coverage-guided fuzzing of the normaliser, the fact extractor and the aligner (atheris).

    python benchmarks/fuzz_atheris.py -atheris_runs=100000      # about 10 minutes here
    python benchmarks/fuzz_atheris.py -atheris_runs=100000 -max_len=2048 corpus/

Every input is read as bytes (the normaliser's own path: encoding sniffing, gzip,
HTML or text), and when it normalises, as a document compared with itself (fast mode,
which runs the aligner, the classifier, the fact diff, the quotation check and the
unsupported-claims search). A crash (any exception other than provcheck's InputError)
stops the run with the input saved by libFuzzer; so does an input that takes more
than 5 s (SIGALRM). Invariants checked on every input:

* every paragraph's ``start``/``end`` offsets point into the decoded input;
* every fact span points at the fact's text in the paragraph's canonical form;
* ``compare(x, x)`` is a reprint with score 1 and nothing diverging;
* the comparison's JSON validates against the shipped schema.
"""

from __future__ import annotations

import json
import signal
import sys
from importlib import resources

import atheris

with atheris.instrument_imports():
    import provcheck
    from provcheck.calibration import CALIBRATION
    from provcheck.errors import InputError
    from provcheck.facts.extraction import extract_facts
    from provcheck.ingest.normalize import decode, normalize
    from provcheck.language.text import canonical

import jsonschema

SCHEMA = json.loads(resources.files("provcheck").joinpath("schema/compare.schema.json")
                    .read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
LIMIT_S = 5


def _timeout(signum: int, frame: object) -> None:
    raise TimeoutError(f"an input took more than {LIMIT_S} s")


def test_one(data: bytes) -> None:
    signal.alarm(LIMIT_S)
    try:
        try:
            doc = normalize(data, label="fuzz")
        except InputError:
            return
        text, _ = decode(data, "fuzz")
        for p in doc.paragraphs:
            if p.start is not None and p.end is not None:
                assert 0 <= p.start <= p.end <= len(text), (p.start, p.end, len(text))
            for f in extract_facts(p.id, p.text, reference_date=doc.date,
                                   calibration=CALIBRATION):
                assert canonical(p.text)[f.span[0] : f.span[1]] == f.text, f
        c = provcheck.compare(doc, doc, fast=True)
        assert c.relation == "reprint" and c.score == 1.0, (c.relation, c.score)
        assert c.facts.count == 0, c.facts
        VALIDATOR.validate(c.to_dict())
    finally:
        signal.alarm(0)


def main() -> None:
    signal.signal(signal.SIGALRM, _timeout)
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
