# expect: rdd_groupbykey
import re

from pyspark import SparkConf, SparkContext

sc = SparkContext(conf=SparkConf().setAppName("inverted-index"))
TOKEN = re.compile(r"[a-z0-9]+")

docs = sc.wholeTextFiles("s3://search/corpus/*.txt")
postings = docs.flatMap(lambda kv: [(tok, kv[0]) for tok in set(TOKEN.findall(kv[1].lower()))])
index = postings.groupByKey().mapValues(lambda paths: sorted(set(paths)))
index.map(lambda kv: f"{kv[0]}\t{','.join(kv[1])}").saveAsTextFile("s3://search/index/")
