"""Offline stand-in for GraphFrames' Python package: connectedComponents only.

The GraphFrames JVM package comes from a Maven repository, which this machine cannot
reach. This computes the same partition (components of the undirected graph): the
edge list is collected to the driver and joined by union-find; the result has the
vertex columns plus ``component`` (a long), as GraphFrames returns.
"""
from pyspark.sql.types import LongType, StructField, StructType


class GraphFrame:
    def __init__(self, v, e):
        self.vertices = v
        self.edges = e

    def cache(self):
        self.vertices.cache()
        self.edges.cache()
        return self

    def connectedComponents(self, *args, **kwargs):
        parent = {}

        def find(x):
            root = x
            while parent.get(root, root) != root:
                root = parent[root]
            while parent.get(x, x) != root:
                parent[x], x = root, parent[x]
            return root

        for r in self.edges.select('src', 'dst').toLocalIterator():
            a, b = find(tuple(r.src)), find(tuple(r.dst))
            if a != b:
                parent[max(a, b)] = min(a, b)
        verts = [tuple(r.id) for r in self.vertices.select('id').collect()]
        label = {}
        rows = []
        for v in verts:
            root = find(v)
            comp = label.setdefault(root, len(label))
            rows.append((v, comp))
        idtype = self.vertices.schema['id'].dataType
        schema = StructType([StructField('id', idtype), StructField('component', LongType())])
        spark = self.vertices.sparkSession
        return spark.createDataFrame(rows, schema)
