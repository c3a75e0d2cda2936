"""Texts and helpers shared by the tests of ``provcheck serve`` (tests/test_serve*.py).

The articles are written for these tests: a source, an edited copy of it, and an
article on another story.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from provcheck.serve.config import ServeConfig

TOKEN = "test-token-0123456789abcdef"

SOURCE = """Harbour council approves new ferry link to the islands

The Westport harbour council voted on Tuesday to fund a new ferry link between the
mainland and the three outer islands, ending a decade of disputes over the route.

The council approved 4.2 million euros for two electric ferries, which will carry up
to 180 passengers each and are due to enter service in March 2027.

"This is the day the islands stop being cut off every winter," said council leader
Maria Okafor after the vote, which passed by nine votes to four.

Opponents on the council argued that the cost of the new pier at Carrick Point had
been underestimated and asked for an independent review before any contract is signed.

The ferries will run every ninety minutes in summer and every three hours in winter,
according to the council's transport plan published last month.

Island residents have campaigned for a reliable crossing since the old ferry was
withdrawn in 2016 after failing a safety inspection.
"""

COPY = """Council backs electric ferries for the islands

The Westport harbour council voted on Tuesday to fund a new ferry link between the
mainland and the three outer islands, ending a decade of disputes over the route.

The council approved 5 million euros for two electric ferries, which will carry up
to 180 passengers each and are due to enter service in March 2027.

"This is the day the islands stop being cut off every winter," said council leader
Maria Okafor after the vote, which passed by nine votes to four.

The ferries will run every ninety minutes in summer and every three hours in winter,
according to the council's transport plan published last month.

Island residents have campaigned for a reliable crossing since the old ferry was
withdrawn in 2016 after failing a safety inspection.
"""

OTHER = """Orchard growers report a late frost and a smaller apple harvest

Apple growers in the northern valleys expect a harvest a third smaller than last year
after a late frost in April damaged the blossom on thousands of trees.

The growers' association said its members had lost an estimated 2,300 tonnes of fruit,
and that the cold snap hit the higher orchards hardest.

"We have not seen a frost this late in forty years," said orchard owner Tomas Brandt,
whose family has farmed the valley since 1952.

Cider makers in the region warned that prices could rise by the autumn because they
buy most of their apples from the affected growers.
"""


def index_of(folder: Path, *texts: tuple[str, str]) -> Path:
    """An index of the ``(name, text)`` articles, built by ``provcheck index add``."""
    from tests.indexutil import cli

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    db = folder / "index.db"
    r = cli("index", "add", *paths, "--db", str(db), "--no-progress")
    assert r.exit_code == 0, r.output
    return db


@contextlib.contextmanager
def running(config: ServeConfig) -> Iterator[str]:
    """``provcheck serve``'s server (uvicorn, as the command runs it) in a thread on a
    free port of 127.0.0.1; yields its base URL once it answers."""
    import httpx
    import uvicorn

    from provcheck.serve.app import create_app, limited, listen, load

    sock = listen("127.0.0.1", 0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(limited(create_app(config, load(config))),
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                    break
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.1)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()
