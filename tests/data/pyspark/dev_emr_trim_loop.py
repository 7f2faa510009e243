# expect: withcolumn_in_loop
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

spark = SparkSession.builder.appName("crm-standardise").getOrCreate()

contacts = spark.read.option("header", True).csv("s3://crm-landing/contacts/")

string_cols = [f.name for f in contacts.schema.fields if isinstance(f.dataType, StringType)]
for c in string_cols:
    contacts = contacts.withColumn(c, F.trim(F.col(c)))
    contacts = contacts.withColumn(c, F.when(F.col(c) == "", None).otherwise(F.col(c)))

contacts.dropDuplicates(["contact_id"]).write.mode("overwrite").parquet("s3://crm-curated/contacts/")
