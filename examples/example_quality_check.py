"""Example: the Quality agent on its own, offline (no Airflow, no AWS, no Redis).

It analyses a SQL query and a PySpark job for performance anti-patterns, then turns
plain-English requests into data checks and runs them on a small generated table.

    python examples/example_quality_check.py
"""

import tempfile
from pathlib import Path

import duckdb

from strands_airflow import StrandsQualityAgent

SQL = """
SELECT *
FROM orders o
JOIN customers c ON o.customer_id = c.customer_id
WHERE UPPER(c.email) LIKE '%@EXAMPLE.COM'
ORDER BY o.order_ts
"""

PYSPARK = """
from pyspark.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
orders = spark.read.parquet("s3://bucket/orders/")
print(orders.count())
rows = orders.collect()
orders.coalesce(1).write.parquet("s3://bucket/out/")
"""


def main() -> None:
    agent = StrandsQualityAgent()

    print("SQL findings:")
    for f in agent.analyze_sql(SQL, dialect="duckdb").findings:
        print(f"  line {f.line}: {f.pattern} - {f.message}")

    print("\nPySpark findings:")
    for f in agent.analyze_pyspark(PYSPARK).findings:
        print(f"  line {f.line}: {f.pattern} - {f.message}")

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "customers.parquet"
        duckdb.execute(
            f"""COPY (SELECT i AS customer_id,
                      CASE WHEN i % 25 = 0 THEN 'not-an-email' ELSE 'c' || i || '@example.com' END AS email_address,
                      i % 90 AS age
                      FROM range(1, 1001) t(i)) TO '{target}' (FORMAT parquet)"""
        )
        requests = [
            "Check that all customer records have valid email addresses",
            "customer_id must never be null and must be unique",
            "age between 0 and 120",
        ]
        report = agent.assess(nl_request=requests, target=str(target))
        print(f"\nData checks on {target.name}: overall score {report.overall_score:.2f}")
        for r in report.results:
            status = "PASS" if r.passed else "FAIL"
            print(
                f"  {status} {r.check.kind} {r.check.columns}: {r.failing_rows} of {r.total_rows} rows failed"
            )


if __name__ == "__main__":
    main()
