"""Many articles: the index, checks of new articles, scans and the provenance report.

``articles`` (reading a collection), ``config`` (provcheck.toml), ``index`` (the SQLite
index; ``store``: its file and schema, ``documents``: a document's rows, ``vectors``: the
vector file), ``check`` (new articles against the index), ``scan`` / ``scan_task`` /
``spark_engine`` (every pair of an index, locally or on Spark) and ``report`` (who
derived from whom; ``records``: the report's records, ``clusters``: the pairs compared,
the clusters and stories, ``fact_table``: the fact table).
"""
