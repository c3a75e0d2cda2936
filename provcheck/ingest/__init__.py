"""Bytes, HTML or a URL in, a :class:`~provcheck.models.Document` out.

``normalize`` (the entry point: decode, extract, clean, paragraphs), ``extract`` (an HTML
page's article, via trafilatura), ``pagemeta`` (dates, canonical URL, outlet from the
page's own metadata), ``boilerplate`` (site furniture, bylines, datelines), ``fetch``
(URLs) and ``snapshot`` (fetched pages kept as WARC files).
"""
