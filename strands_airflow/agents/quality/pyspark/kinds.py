"""What the PySpark API returns: method tables the DataFrame tracker types values with.

Pure data and tiny helpers. A value's kind is one of the constants below; a method on a
receiver of a kind maps to the kind it returns. Names not listed are unknown, which the
tracker treats as "not a DataFrame" so that lists, strings and pandas frames never trip a
DataFrame rule.
"""

from __future__ import annotations

import ast
import re

DF = "df"
RDD = "rdd"
GROUPED = "grouped"
PANDAS = "pandas"
READER = "reader"
WRITER = "writer"
SPARK = "spark"
SC = "sc"
GLUE = "glue"
GLUE_FACTORY = "glue_factory"  # glueContext.create_dynamic_frame / write_dynamic_frame
DYF = "dyf"
NA = "na"  # df.na / df.stat helpers whose methods return DataFrames
COLUMN = "column"
STR = "str"
LIST = "list"
OTHER = "other"

# DataFrame -> DataFrame transformations.
DF_TRANSFORMS = frozenset(
    """select selectExpr filter where withColumn withColumns withColumnRenamed
    withColumnsRenamed join crossJoin union unionAll unionByName distinct dropDuplicates
    drop_duplicates dropDuplicatesWithinWatermark drop orderBy sort sortWithinPartitions limit
    repartition repartitionByRange coalesce cache persist unpersist alias hint fillna dropna
    replace sample sampleBy toDF transform checkpoint localCheckpoint withWatermark exceptAll
    subtract intersect intersectAll describe summary crosstab freqItems observe mapInPandas
    mapInArrow unpivot melt to withMetadata offset agg randomSplit""".split()
)
# Transformations that keep "this is still the same small table" (filters, projections).
NARROWING = frozenset(
    """select selectExpr filter where withColumn withColumns withColumnRenamed
    withColumnsRenamed distinct dropDuplicates drop_duplicates drop orderBy sort limit
    repartition coalesce cache persist alias hint fillna dropna replace toDF transform
    checkpoint localCheckpoint""".split()
)
DF_TO_GROUPED = frozenset({"groupBy", "groupby", "rollup", "cube", "groupingSets"})
GROUPED_TO_DF = frozenset(
    """agg count sum avg mean min max applyInPandas apply applyInArrow
    applyInPandasWithState""".split()
)
DF_ACTIONS = frozenset(
    """count collect show toPandas first take head tail isEmpty foreach foreachPartition
    toLocalIterator""".split()
)
RDD_ACTIONS = frozenset(
    """count collect first take top takeOrdered reduce fold aggregate countByKey countByValue
    collectAsMap foreach foreachPartition isEmpty sum mean max min stats""".split()
)
RDD_WRITES = frozenset(
    "saveAsTextFile saveAsPickleFile saveAsSequenceFile saveAsHadoopFile "
    "saveAsNewAPIHadoopFile saveAsNewAPIHadoopDataset".split()
)
WRITER_CONFIG = frozenset(
    """mode format option options partitionBy bucketBy sortBy trigger outputMode
    queryName foreachBatch foreach partitionedBy tableProperty using clusterBy""".split()
)
WRITER_TERMINAL = frozenset(
    """save saveAsTable insertInto parquet csv json orc text jdbc start toTable append
    overwrite create createOrReplace replace overwritePartitions""".split()
)
READER_CONFIG = frozenset({"format", "option", "options", "schema"})
READER_TERMINAL = frozenset(
    "load parquet csv json orc table jdbc text avro delta xml changes".split()
)
SPARK_TO_DF = frozenset({"table", "sql", "createDataFrame", "range", "read_table"})
SC_TO_RDD = frozenset(
    """textFile parallelize wholeTextFiles sequenceFile newAPIHadoopFile hadoopFile
    pickleFile binaryFiles range emptyRDD union""".split()
)
RDD_TO_DF = frozenset({"toDF"})
DYF_TO_DYF = frozenset(
    """apply_mapping resolveChoice drop_fields select_fields rename_field filter map
    relationalize unbox unnest repartition coalesce spigot join split_fields
    drop_nulls""".split()
)
COLUMN_METHODS = frozenset(
    """alias name cast astype try_cast isNull isNotNull isin like ilike rlike contains
    startswith endswith substr between when otherwise over asc desc asc_nulls_first
    asc_nulls_last desc_nulls_first desc_nulls_last getItem getField eqNullSafe bitwiseAND
    bitwiseOR bitwiseXOR dropFields withField isNaN""".split()
)
# DataFrame attributes that are not columns.
DF_PROPERTIES = frozenset(
    """columns dtypes schema write writeStream rdd na stat sparkSession isStreaming
    storageLevel printSchema explain createOrReplaceTempView createTempView
    createGlobalTempView createOrReplaceGlobalTempView registerTempTable inputFiles
    writeTo mergeInto sql_ctx is_cached""".split()
)
# Functions module aliases (`from pyspark.sql import functions as F`).
FUNCTIONS_ALIASES = frozenset({"F", "f", "sf", "fn", "func", "functions", "psf", "SF", "Fn"})
COL_FUNCS = frozenset({"col", "column"})
AGG_FUNCS = frozenset(
    """max min sum avg mean count countDistinct count_distinct approx_count_distinct first
    last collect_list collect_set stddev variance sumDistinct sum_distinct max_by min_by
    percentile_approx kurtosis skewness corr covar_pop covar_samp any_value bool_and
    bool_or every some median mode""".split()
)
SESSION_NAMES = frozenset({"spark", "session", "spark_session", "ss", "sqlContext", "sql_context"})
SC_NAMES = frozenset({"sc", "spark_context", "sparkContext"})
GLUE_NAMES = frozenset({"glueContext", "glue_context", "glue_ctx", "gc"})
BROADCAST_HINTS = frozenset({"broadcast", "broadcastjoin", "mapjoin"})

# Words that mark a small table: a dimension, lookup, reference or mapping table, or one
# its author calls small (`large_df.join(small_df, ...)`).
SMALL_TOKENS = frozenset(
    """dim dims dimension dimensions lookup lookups lkp lu ref refs reference references
    country countries currency currencies region regions calendar mapping mappings
    codes code xref seed seeds static holidays holiday timezone timezones province
    provinces category categories channel channels tier tiers rates fx department
    departments carrier carriers small tiny lkup""".split()
)

_DF_NAME = re.compile(r"^(?:s?df|dataframe|sdf|.*_s?df|s?df_.*|.*_s?df_\d+|.*DF|s?df\d+)$")
_NOT_DF_NAME = re.compile(r"(?:^|_)(?:pdf|pd|pandas|dfs)(?:_|$)|^p_?df|pandas", re.IGNORECASE)
_TOKEN_SPLIT = re.compile(r"[^A-Za-z]+|(?<=[a-z])(?=[A-Z])")


def looks_like_df_name(name: str) -> bool:
    """True for names conventionally bound to a Spark DataFrame (`df`, `orders_df`, `df_raw`)."""
    return bool(_DF_NAME.match(name)) and not _NOT_DF_NAME.search(name)


def looks_like_pandas_name(name: str) -> bool:
    """True for names conventionally bound to a pandas frame (`pdf`, `pandas_df`, `df_pd`)."""
    return bool(_NOT_DF_NAME.search(name))


def name_tokens(text: str) -> set[str]:
    """Lower-case word tokens of an identifier, table name or path (`dim_Country` -> dim, country)."""
    return {t.lower() for t in _TOKEN_SPLIT.split(text) if t}


_SCHEME_HOST = re.compile(r"^[A-Za-z][\w+.-]*://[^/]*/?")


def is_small_source(text: str) -> bool:
    """Like `is_small_name` for a table name or a path (only its last two folders count,
    so a bucket called `ref-data` does not make every table in it small)."""
    if "/" not in text:
        return is_small_name(text)
    rest = _SCHEME_HOST.sub("", text)
    parts = [p for p in rest.split("/") if p and "=" not in p and "*" not in p and "{" not in p]
    return any(is_small_name(p) for p in parts[-2:])


def is_small_name(text: str) -> bool:
    """True when an identifier, table or path names a dimension / lookup / reference table."""
    toks = name_tokens(text)
    if toks & SMALL_TOKENS:
        return True
    return any(t.startswith("dim") and len(t) <= 5 for t in toks)


UDF_FACTORIES = frozenset({"udf", "pandas_udf", "vectorized_udf", "UserDefinedFunction"})


def is_functions_module(node: ast.AST, imports: dict[str, str]) -> bool:
    """True for a name of `pyspark.sql.functions` (`F`, or a local name imported as it)."""
    if not isinstance(node, ast.Name):
        return False
    if node.id in FUNCTIONS_ALIASES:
        return True
    return imports.get(node.id, "").endswith("sql.functions")


def pyspark_function(node: ast.AST, imports: dict[str, str]) -> str | None:
    """`F.upper` / `upper` imported from pyspark.sql.functions -> 'upper'.

    `imports` maps a script's local names to their dotted origin (`ScriptFacts.imports`).
    """
    if isinstance(node, ast.Attribute) and is_functions_module(node.value, imports):
        return node.attr
    if isinstance(node, ast.Name):
        origin = imports.get(node.id, "")
        last = origin.rsplit(".", 1)[-1]
        if origin.startswith("pyspark.") and (
            origin.rsplit(".", 2)[-2] == "functions" or last in UDF_FACTORIES
        ):
            return last
        if origin:
            return None
        if node.id in UDF_FACTORIES or node.id in ("broadcast", "col", "expr", "column"):
            return node.id
    return None
