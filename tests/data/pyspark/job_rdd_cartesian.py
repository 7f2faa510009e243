# expect: cross_join, collect_to_driver
from pyspark import SparkContext

sc = SparkContext(appName="pairwise-similarity")

docs = sc.textFile("s3://nlp/docs/*.txt").map(lambda line: set(line.split()))
indexed = docs.zipWithIndex().map(lambda x: (x[1], x[0]))
pairs = indexed.cartesian(indexed).filter(lambda p: p[0][0] < p[1][0])
similar = pairs.map(
    lambda p: (p[0][0], p[1][0], len(p[0][1] & p[1][1]) / max(1, len(p[0][1] | p[1][1])))
).filter(lambda t: t[2] > 0.8)

for a, b, score in similar.collect():
    print(a, b, score)
