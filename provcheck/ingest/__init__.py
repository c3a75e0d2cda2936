"""Bytes, HTML or a URL in, a :class:`~provcheck.models.Document` out.

``normalize`` (the entry point: decode, extract, clean, paragraphs), ``decode`` (bytes to
text: reading within the size limit, gzip, refused formats, encodings), ``extract`` (an HTML
page's article, via trafilatura), ``pagemeta`` (dates, canonical URL, outlet from the
page's own metadata), ``boilerplate`` (site furniture, bylines, datelines), ``fetch``
(URLs) and ``snapshot`` (fetched pages kept as WARC files).
"""
