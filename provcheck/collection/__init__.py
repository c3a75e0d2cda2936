"""Many articles: the index, checks of new articles, scans and the provenance report.

``articles`` (reading a collection), ``config`` (provcheck.toml), ``index`` (the SQLite
index), ``check`` (new articles against the index), ``scan`` / ``scan_task`` /
``spark_engine`` (every pair of an index, locally or on Spark) and ``report`` (who
derived from whom, the fact table).
"""
