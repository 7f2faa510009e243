# expect: rdd_groupbykey, collect_to_driver
from pyspark import SparkConf, SparkContext

conf = SparkConf().setAppName("wordcount")
sc = SparkContext(conf=conf)

lines = sc.textFile("s3://corpus/books/*.txt")
words = lines.flatMap(lambda line: line.lower().split()).filter(lambda w: w.isalpha())
pairs = words.map(lambda w: (w, 1))
counts = pairs.groupByKey().mapValues(lambda ones: sum(ones))

top = counts.sortBy(lambda kv: -kv[1]).collect()
for word, n in top[:50]:
    print(word, n)
sc.stop()
