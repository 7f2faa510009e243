# expect: rdd_groupbykey, collect_to_driver
"""spark-submit --master yarn --deploy-mode cluster wordcount.py s3://logs/raw/"""
import re
import sys

from pyspark import SparkConf, SparkContext

WORD = re.compile(r"[a-z']+")


def tokenize(line):
    return WORD.findall(line.lower())


if __name__ == "__main__":
    conf = SparkConf().setAppName("wordcount")
    sc = SparkContext(conf=conf)
    lines = sc.textFile(sys.argv[1])
    counts = lines.flatMap(tokenize).map(lambda w: (w, 1)).groupByKey().mapValues(lambda ones: sum(ones))
    for word, n in sorted(counts.collect(), key=lambda kv: -kv[1])[:50]:
        print(f"{word}\t{n}")
    sc.stop()
