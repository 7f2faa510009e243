# expect: none
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType

spark = SparkSession.builder.appName("card-validation").getOrCreate()


@F.udf(BooleanType())
def luhn_valid(card_number):
    if card_number is None:
        return False
    digits = [int(d) for d in card_number if d.isdigit()]
    checksum = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        checksum += d
    return checksum % 10 == 0


cards = spark.table("payments.cards")
flagged = cards.withColumn("valid", luhn_valid("card_number")).filter(~F.col("valid"))
flagged.write.mode("overwrite").saveAsTable("payments.invalid_cards")
