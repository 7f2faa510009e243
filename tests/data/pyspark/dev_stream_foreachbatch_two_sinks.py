# expect: count_action, repeated_actions_without_cache
from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("cdc-fanout").getOrCreate()

JDBC_URL = "jdbc:postgresql://reporting:5432/rpt"


def write_both(batch_df, batch_id):
    if batch_df.count() == 0:
        return
    batch_df.write.format("delta").mode("append").save("s3://lake/customers_history/")
    (
        batch_df.write.format("jdbc")
        .option("url", JDBC_URL)
        .option("dbtable", "public.customers_latest")
        .mode("append")
        .save()
    )


stream = spark.readStream.format("delta").load("s3://lake/customers_cdc/")
(
    stream.writeStream.foreachBatch(write_both)
    .option("checkpointLocation", "s3://chk/customers_fanout/")
    .trigger(processingTime="1 minute")
    .start()
    .awaitTermination()
)
