"""One concrete fix per Quality finding slug, and per failed data check kind.

Each SQL / PySpark slug maps to an action (what to change, in one sentence) and an
``assumed_share``: the rule-of-thumb share of the job's runtime the fix typically
saves. The share is an assumption, not a measurement, and every recommendation that
uses it says so in its formula (``assumed_share(select_star)=0.10 x median runtime``);
it is only ever multiplied by a runtime that was actually observed. Override the
table with ``OptimizationAgent(assumed_shares={...})``.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Fix(NamedTuple):
    """The action for a slug, the assumed saving share, and the severity to report."""

    action: str
    assumed_share: float | None
    severity: str = "warning"


SQL_FIXES: dict[str, Fix] = {
    "select_star": Fix(
        "List only the columns the target needs instead of SELECT *, so columnar readers skip the rest.",
        0.10,
    ),
    "missing_where": Fix(
        "Add a WHERE filter on the partition or date column so the query reads only the new slice, "
        "not the whole table.",
        0.25,
    ),
    "subquery_in_where": Fix(
        "Rewrite the subquery in WHERE as a JOIN (or EXISTS) so it is evaluated once, not per row.",
        0.10,
    ),
    "function_on_column_in_predicate": Fix(
        "Compare the raw column with a computed constant range instead of wrapping the column in a "
        "function, so filter pushdown and partition pruning apply.",
        0.10,
    ),
    "many_joins": Fix(
        "Materialise the large joins in a staging step (or pre-aggregate) and join the small "
        "dimension tables last.",
        0.10,
    ),
    "order_by_without_limit": Fix(
        "Drop the ORDER BY (the target does not keep row order) or add a LIMIT: sorting the whole "
        "result is an extra full pass.",
        0.05,
    ),
    "leading_wildcard_like": Fix(
        "Replace LIKE '%...' with an exact or prefix match (or a precomputed column): a leading "
        "wildcard scans every value.",
        0.05,
    ),
    "or_on_different_columns": Fix(
        "Rewrite the OR across different columns as a UNION ALL of two filtered queries so each "
        "branch uses its own filter.",
        0.05,
    ),
    "distinct_with_join": Fix(
        "Deduplicate the inputs before the join (or use EXISTS / a semi-join) instead of DISTINCT "
        "over the joined rows.",
        0.10,
    ),
    "cartesian_join": Fix(
        "Add the missing join condition: a join without ON multiplies the row counts.",
        0.50,
        "error",
    ),
    "not_in_subquery": Fix(
        "Replace NOT IN (subquery) with NOT EXISTS or an anti-join: NOT IN returns nothing when the "
        "subquery yields a NULL and cannot use a hash anti-join.",
        0.05,
    ),
    "union_instead_of_union_all": Fix(
        "Use UNION ALL unless duplicates must go: UNION hashes the whole result to deduplicate it.",
        0.05,
    ),
}

PYSPARK_FIXES: dict[str, Fix] = {
    "count_action": Fix(
        "Remove the extra df.count() (or cache the DataFrame first): every count() runs the whole "
        "plan again.",
        0.15,
    ),
    "collect_to_driver": Fix(
        "Write the result with df.write instead of collect(): collect() pulls every row into the "
        "driver's memory.",
        0.10,
    ),
    "topandas": Fix(
        "Replace toPandas() with a Spark write (or a limited sample): it pulls the whole DataFrame "
        "into the driver.",
        0.10,
    ),
    "missing_broadcast": Fix(
        "Wrap the small side of the join in broadcast(...) so Spark skips the shuffle.", 0.20
    ),
    "nested_field_access": Fix(
        "Select the nested fields once into top-level columns early so Spark reads only those leaves.",
        0.05,
    ),
    "repeated_actions_without_cache": Fix(
        "Call .cache() on the DataFrame that several actions use (and unpersist it after) so it is "
        "computed once.",
        0.25,
    ),
    "udf_instead_of_builtin": Fix(
        "Replace the Python UDF with the built-in function from pyspark.sql.functions: a UDF ships "
        "every row to Python.",
        0.20,
    ),
    "withcolumn_in_loop": Fix(
        "Build the new columns in one select([...]) instead of withColumn in a loop: each call adds "
        "a plan layer.",
        0.05,
    ),
    "coalesce_to_one": Fix(
        "Remove coalesce(1) before the write (or repartition to a sensible count): it funnels all "
        "data through one task.",
        0.15,
    ),
    "rdd_groupbykey": Fix(
        "Use reduceByKey / aggregateByKey (or DataFrame groupBy().agg()) instead of groupByKey, "
        "which shuffles every value.",
        0.15,
    ),
    "cross_join": Fix(
        "Replace the cross join with a keyed join, or confirm both sides are tiny: it multiplies "
        "row counts.",
        0.50,
        "error",
    ),
    "select_star_in_spark_sql": Fix(
        "List the needed columns instead of SELECT * in spark.sql(...) so Parquet column pruning "
        "applies.",
        0.10,
    ),
}

OTHER_FIXES: dict[str, Fix] = {
    "parse_error": Fix(
        "Fix the syntax error so the code can be analysed (and run): see the finding's line.",
        None,
        "error",
    ),
}

FIXES: dict[str, Fix] = {**SQL_FIXES, **PYSPARK_FIXES, **OTHER_FIXES}


def fix_for(slug: str, suggestion: str = "") -> Fix:
    """The fix for a finding slug; an unknown slug falls back to the finding's own suggestion."""
    if slug in FIXES:
        return FIXES[slug]
    text = suggestion.strip() or f"Resolve the {slug} finding reported by the Quality agent."
    return Fix(text if text.endswith(".") else text + ".", None)


def check_action(
    check: dict[str, Any], failing: int | None, total: int | None, observed: Any
) -> str:
    """The concrete fix for one failed data check, in one sentence."""
    kind = str(check.get("kind", "custom_sql"))
    cols = ", ".join(check.get("columns") or []) or "the checked columns"
    rows = f"{failing:,} of {total:,} rows" if failing is not None and total else "rows"
    if kind == "not_null":
        return f"Fix the {rows} with NULL {cols}: filter them out or fill them (COALESCE) in the transform."
    if kind == "unique":
        return (
            f"Deduplicate {cols} ({rows} are duplicates): keep one row per key with "
            f"ROW_NUMBER() OVER (PARTITION BY {cols}) = 1."
        )
    if kind == "range":
        return (
            f"Reject or correct the {rows} where {cols} is outside "
            f"[{check.get('min')}, {check.get('max')}] before writing."
        )
    if kind == "accepted_values":
        return f"Map or reject the {rows} where {cols} is not one of {check.get('values')}."
    if kind == "format":
        return (
            f"Validate {cols} against the {check.get('format')} format at ingestion and route "
            f"the {rows} that fail it to a quarantine table."
        )
    if kind == "freshness":
        return (
            f"The newest {cols} is older than {check.get('max_age_seconds')} s: check that the "
            f"upstream load ran before this job."
        )
    if kind == "row_count":
        return (
            f"The target has {observed} rows, outside [{check.get('min')}, {check.get('max')}]: "
            f"check the source extract and the transform's filters."
        )
    if kind == "referential":
        return (
            f"The {rows} whose {cols} is missing from {check.get('ref_table')}."
            f"{check.get('ref_column')}: load that table first or inner-join to it."
        )
    return f"Fix the transform so that `{check.get('condition')}` holds ({rows} fail it)."
