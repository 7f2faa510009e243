# expect: rdd_groupbykey
from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("graph-adjacency"))

edges = sc.textFile("hdfs:///graphs/edges.tsv").map(lambda l: tuple(l.split("\t")[:2]))
adjacency = edges.groupByKey(numPartitions=400).mapValues(lambda vs: sorted(set(vs)))
adjacency.map(lambda kv: kv[0] + "\t" + ",".join(kv[1])).saveAsTextFile("hdfs:///graphs/adjacency/")
