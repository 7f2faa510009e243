# expect: none
# Databricks notebook source
import phonenumbers
from pyspark.sql import functions as F
from pyspark.sql.types import StringType
from user_agents import parse as parse_ua

# COMMAND ----------


@F.udf(StringType())
def to_e164(raw_phone, country):
    try:
        parsed = phonenumbers.parse(raw_phone, country)
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return None


@F.udf(StringType())
def device_family(ua):
    return parse_ua(ua).device.family if ua else None


# COMMAND ----------

contacts = spark.table("bronze.contacts")
contacts = contacts.select(
    "contact_id",
    to_e164("phone", "country").alias("phone_e164"),
    device_family("user_agent").alias("device_family"),
)
contacts.write.mode("overwrite").saveAsTable("silver.contacts")
