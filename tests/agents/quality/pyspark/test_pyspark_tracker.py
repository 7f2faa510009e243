"""The tracker's walk as the analyser runs it: one tracker per script, freed when done."""

from __future__ import annotations

import ast
import gc
import weakref
from pathlib import Path

from strands_airflow.agents.quality.pyspark.tracker import Tracker

CORPUS = Path(__file__).resolve().parents[3] / "data" / "pyspark"

# Functions (typed by a silent walk), a UDF, Glue, SQL and a join: every helper module runs.
SCRIPT = '''\
from awsglue.context import GlueContext
from pyspark.sql import functions as F

glue = GlueContext(sc)
spark = glue.spark_session

def load(name):
    df = spark.table(name)
    df.cache()
    return df

@F.udf("string")
def shout(s):
    return s.upper()

orders = load("orders")
dims = spark.sql("SELECT * FROM dim_store")
joined = orders.join(F.broadcast(dims), "store_id").withColumn("x", shout(F.col("a.b.c")))
dyf = glue.create_dynamic_frame.from_catalog(database="db", table_name="t")
print(joined.count(), [r for r in dyf.toDF().collect()])
'''


def _freed_without_gc(code: str) -> bool:
    gc.disable()
    try:
        tracker = Tracker(None)
        facts = tracker.run(ast.parse(code))
        ref = weakref.ref(tracker)
        del tracker
        return ref() is None and bool(facts.actions)
    finally:
        gc.enable()


def test_finished_tracker_is_freed_by_reference_counting():
    # A tracker the helpers point back at would wait for the cyclic collector, holding
    # every value of the walk; the benchmark runs thousands of them.
    assert _freed_without_gc(SCRIPT)


def test_every_corpus_script_frees_its_tracker():
    for path in sorted(CORPUS.glob("*.py")):
        code = path.read_text()
        tracker = Tracker(None)
        tracker.run(ast.parse(code))
        ref = weakref.ref(tracker)
        gc.disable()
        try:
            del tracker
            assert ref() is None, path.name
        finally:
            gc.enable()
