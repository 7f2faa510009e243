# expect: udf_instead_of_builtin
from pyspark.sql import SparkSession
from pyspark.sql.types import StringType

spark = SparkSession.builder.enableHiveSupport().getOrCreate()


def full_name(first, last):
    if first is None or last is None:
        return None
    return first + " " + last


spark.udf.register("full_name", full_name, StringType())

people = spark.sql(
    """
    SELECT person_id, full_name(first_name, last_name) AS name, birth_date
    FROM hr.people
    WHERE termination_date IS NULL
    """
)
people.write.mode("overwrite").saveAsTable("hr.people_display")
