"""``provcheck serve``: a local web app and a REST API over the library, on one index.

The floor above ``collection`` and ``render``, beside ``cli``: only the CLI imports it.
Modules, each with one job:

- :mod:`.config`: what the server runs with (:class:`~.config.ServeConfig`) and the
  rules it refuses to start under (a token file that cannot be read, ...);
- :mod:`.guard`: what keeps it safe to leave running: the address guard for URLs it
  fetches, the bearer token, the request size limit, the errors as JSON statuses;
- :mod:`.state`: what a process holds warm: the model, the index (many readers, one
  writer at a time), the results kept for shareable URLs, the bound on concurrent work;
- :mod:`.work`: the library calls each route makes (compare, check, report, documents);
- :mod:`.api`: the JSON endpoints; :mod:`.openapi`: their description, built from the
  shipped JSON schemas; :mod:`.pages`: the HTML pages;
- :mod:`.app`: the Starlette application and the uvicorn server that runs it.

Starlette and uvicorn are imported only here, so other commands never pay for them.
Nothing here prints or exits: uvicorn's logger tells what the server does.
"""
