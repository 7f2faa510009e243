# expect: none
import phonenumbers
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, udf
from pyspark.sql.types import StringType
from user_agents import parse as parse_ua

spark = SparkSession.builder.getOrCreate()


@udf(StringType())
def e164(raw, region):
    try:
        return phonenumbers.format_number(phonenumbers.parse(raw, region), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return None


@udf(StringType())
def device_family(ua):
    return parse_ua(ua).device.family if ua else None


contacts = spark.read.parquet("s3://crm/contacts/")
sessions = spark.read.parquet("s3://web/sessions/")

contacts.withColumn("phone_e164", e164(col("phone"), col("country"))).write.mode("overwrite").parquet(
    "s3://crm/contacts_e164/"
)
sessions.withColumn("device", device_family(col("user_agent"))).write.mode("overwrite").parquet(
    "s3://web/sessions_device/"
)
