# expect: nested_field_access, count_action
# Databricks notebook source

# COMMAND ----------

reviews = spark.read.json("/mnt/raw/reviews/")
positive = reviews.where("review.sentiment.score > 0.7")
positive = positive.selectExpr("review_id", "review.sentiment.score AS score", "review.sentiment.label AS label")
print(positive.count())
