# expect: rdd_groupbykey
from pyspark import SparkContext


def merchant_totals(pairs):
    """pairs: RDD of (merchant_id, amount)"""
    return pairs.groupByKey().mapValues(lambda amounts: round(sum(amounts), 2))


if __name__ == "__main__":
    sc = SparkContext(appName="merchant-totals")
    lines = sc.textFile("s3://payments/raw/2024-06-01/*.csv")
    pairs = lines.map(lambda l: l.split(",")).map(lambda f: (f[2], float(f[5])))
    merchant_totals(pairs).map(lambda kv: f"{kv[0]},{kv[1]}").saveAsTextFile("s3://payments/merchant_totals/2024-06-01/")
