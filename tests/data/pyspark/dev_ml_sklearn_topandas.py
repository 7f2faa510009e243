# expect: topandas
from pyspark.sql import SparkSession
from sklearn.ensemble import RandomForestRegressor

spark = SparkSession.builder.getOrCreate()

FEATURES = ["sqft", "bedrooms", "bathrooms", "year_built", "lot_size"]

listings = spark.read.table("realestate.listings_features").where("price IS NOT NULL")
train_pdf = listings.select(FEATURES + ["price"]).toPandas()

model = RandomForestRegressor(n_estimators=200, n_jobs=-1)
model.fit(train_pdf[FEATURES], train_pdf["price"])
print("R^2 on train:", model.score(train_pdf[FEATURES], train_pdf["price"]))
