"""The ``airflow`` sqlfluff templater: Jinja with Airflow's template context.

Airflow renders a task's SQL with its run context (``ds``, ``ts``, ``params``,
``var``, ``macros``...). Linting happens before any run, so this templater supplies
safe, fixed stand-ins: dates for the date macros, a small ``macros`` namespace that
really computes (``macros.ds_add(ds, 1)``), and for anything else (``params.table``,
``var.value.schema``, ``ti.xcom_pull(...)``) a placeholder that renders as its own
dotted name with ``_`` (``params_table``), which parses as an identifier. Nothing is
looked up: no Variable, Connection or XCom is read. Positions map back to the original
text, so findings keep the lines of the file the user wrote.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlfluff.core.templaters.jinja import DummyUndefined, JinjaTemplater


def _logical_date() -> datetime:
    """2024-01-01 UTC as a pendulum DateTime when pendulum is installed (as Airflow gives it).

    Airflow's date context values are pendulum objects, so templates call
    ``data_interval_end.subtract(days=1)``, ``.in_timezone(...)``, ``.start_of('month')`` or
    ``.format('YYYYMMDD')``; a plain datetime would fail to render those.
    """
    try:
        import pendulum
    except ImportError:  # pragma: no cover - pendulum comes with Airflow
        return datetime(2024, 1, 1, tzinfo=timezone.utc)
    return pendulum.datetime(2024, 1, 1, tz="UTC")


#: The logical date every stand-in derives from.
LOGICAL_DATE = _logical_date()


class Placeholder(DummyUndefined):
    """An unknown template value: renders as its dotted name with ``_`` (``params_table``).

    Attribute access, calls, iteration and truthiness all work (as in sqlfluff's dummy),
    and so do Jinja's ``int`` / ``float`` filters (``{{ ti.xcom_pull(...) | int }}``).
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        # The dummy keeps its name in `.name`, which would shadow a template's own
        # `{{ column.name }}` (dbt loops over columns): keep it under a private key, so
        # `.name` reads as the placeholder's own attribute (see __getattr__).
        self.__dict__["_placeholder_name"] = self.__dict__.pop("name", name)

    @classmethod
    def create(cls, name: str) -> Placeholder:
        """A placeholder named `name`."""
        return cls(name)

    def __str__(self) -> str:
        return str(self.__dict__.get("_placeholder_name", "placeholder")).replace(".", "_")

    def __getattr__(self, item: str) -> Any:
        if item.startswith("__") or item == "_placeholder_name":
            raise AttributeError(item)
        dotted = f"{self.__dict__.get('_placeholder_name', 'placeholder')}.{item}"
        if item == "name":
            # A plain string: `{{ col.name }}_sum` renders as an identifier and
            # `target.name not in ('prod', 'ci')` still evaluates.
            return dotted.replace(".", "_")
        return self.create(dotted)

    # jinja2's Undefined types these as NoReturn (it raises); a placeholder answers 1 so
    # `{{ x | int }}` and arithmetic render.
    def __int__(self) -> int:  # type: ignore[override]
        return 1

    def __float__(self) -> float:  # type: ignore[override]
        return 1.0


class _Macros:
    """Stand-in for Airflow's ``macros`` namespace (pure functions only)."""

    datetime = datetime
    timedelta = timedelta

    @staticmethod
    def ds_add(ds: str, days: int) -> str:
        """Airflow's ``ds_add``: add days to a YYYY-MM-DD string."""
        try:
            day = datetime.strptime(str(ds), "%Y-%m-%d")
        except ValueError:
            return str(ds)
        return (day + timedelta(days=int(days))).strftime("%Y-%m-%d")

    @staticmethod
    def ds_format(ds: str, input_format: str, output_format: str) -> str:
        """Airflow's ``ds_format``: reformat a date string."""
        try:
            return datetime.strptime(str(ds), input_format).strftime(output_format)
        except (ValueError, TypeError):
            return str(ds)

    def __getattr__(self, item: str) -> Any:
        return Placeholder.create(f"macros.{item}")


#: dbt's cross-database type macros (``{{ dbt.type_string() }}``): a type name the dialect
#: parses (string, int, bigint, float, numeric, timestamp, boolean).
_DBT_TYPES = ("varchar", "integer", "bigint", "float", "numeric", "timestamp", "boolean")
_DBT_TYPES_BY_DIALECT = {
    "bigquery": ("string", "int64", "int64", "float64", "numeric", "timestamp", "bool"),
    "sparksql": ("string", "int", "bigint", "double", "decimal", "timestamp", "boolean"),
    "databricks": ("string", "int", "bigint", "double", "decimal", "timestamp", "boolean"),
    "hive": ("string", "int", "bigint", "double", "decimal", "timestamp", "boolean"),
    "trino": ("varchar", "integer", "bigint", "double", "decimal", "timestamp", "boolean"),
    "athena": ("varchar", "integer", "bigint", "double", "decimal", "timestamp", "boolean"),
}
_DBT_TYPE_INDEX = {"string": 0, "text": 0, "int": 1, "integer": 1, "bigint": 2, "float": 3}
_DBT_TYPE_INDEX |= {"numeric": 4, "timestamp": 5, "boolean": 6, "bool": 6}


class _DbtMacros:
    """Stand-ins for the ``dbt`` / ``dbt_utils`` macros whose output is SQL *syntax*.

    A macro that expands to a clause or a whole query (``{{ dbt_utils.group_by(n=3) }}``,
    ``{{ dbt_utils.date_spine(...) }}`` as a CTE body) cannot render as an identifier: it
    renders as a minimal piece of SQL of the same shape, with no table and no predicate,
    so it adds no finding. Macros that expand to an expression or a column list
    (``star``, ``generate_surrogate_key``, ``dateadd``...) stay placeholders.
    """

    def __init__(self, name: str, dialect: str | None = None) -> None:
        self._name = name
        self._types = _DBT_TYPES_BY_DIALECT.get(dialect or "", _DBT_TYPES)

    @staticmethod
    def group_by(n: Any = 1, *_args: Any, **_kwargs: Any) -> str:
        """``GROUP BY 1, 2, ..., n``."""
        try:
            count = max(int(n), 1)
        except (TypeError, ValueError):
            count = 1
        return "group by " + ", ".join(str(i) for i in range(1, count + 1))

    @staticmethod
    def date_spine(*_args: Any, **_kwargs: Any) -> str:
        """A query of dates (a CTE body)."""
        return "select cast('2024-01-01' as date) as date_day"

    @staticmethod
    def generate_series(*_args: Any, **_kwargs: Any) -> str:
        """A query of numbers (a CTE body)."""
        return "select 1 as generated_number"

    @staticmethod
    def union_relations(*_args: Any, **_kwargs: Any) -> str:
        """The UNION ALL of several relations: a query (a CTE body)."""
        return "select 1 as _dbt_source_relation"

    @staticmethod
    def unpivot(*_args: Any, **_kwargs: Any) -> str:
        """An unpivoting query (a CTE body)."""
        return "select 1 as field_name, 1 as value"

    @staticmethod
    def deduplicate(*_args: Any, **_kwargs: Any) -> str:
        """A deduplicating query (a CTE body)."""
        return "select 1 as deduplicated"

    def __getattr__(self, item: str) -> Any:
        if item.startswith("__"):
            raise AttributeError(item)
        if item.startswith("type_"):
            sql_type = self._types[_DBT_TYPE_INDEX.get(item[5:], 0)]
            return lambda *_a, **_k: sql_type
        return Placeholder.create(f"{self._name}.{item}")


def airflow_context() -> dict[str, Any]:
    """The stand-in template context (a subset of Airflow's, with fixed values)."""
    d = LOGICAL_DATE
    ds = d.strftime("%Y-%m-%d")
    return {
        "ds": ds,
        "ds_nodash": d.strftime("%Y%m%d"),
        "ts": d.isoformat(),
        "ts_nodash": d.strftime("%Y%m%dT%H%M%S"),
        "ts_nodash_with_tz": d.strftime("%Y%m%dT%H%M%S%z"),
        "logical_date": d,
        "execution_date": d,
        "data_interval_start": d,
        "data_interval_end": d + timedelta(days=1),
        "prev_data_interval_start_success": d - timedelta(days=1),
        "prev_data_interval_end_success": d,
        "prev_ds": (d - timedelta(days=1)).strftime("%Y-%m-%d"),
        "next_ds": (d + timedelta(days=1)).strftime("%Y-%m-%d"),
        "yesterday_ds": (d - timedelta(days=1)).strftime("%Y-%m-%d"),
        "tomorrow_ds": (d + timedelta(days=1)).strftime("%Y-%m-%d"),
        "prev_ds_nodash": (d - timedelta(days=1)).strftime("%Y%m%d"),
        "next_ds_nodash": (d + timedelta(days=1)).strftime("%Y%m%d"),
        "run_id": "scheduled__2024-01-01T00:00:00+00:00",
        "macros": _Macros(),
        # dbt's builtins, so dbt models lint with the same templater.
        "config": _blank,
        "ref": _ref,
        "source": _source,
        "is_incremental": lambda: True,
        "dbt": _DbtMacros("dbt"),
        "dbt_utils": _DbtMacros("dbt_utils"),
        "this": "this_model",
    }


def _date_filter(fmt: str) -> Any:
    def render(value: Any) -> str:
        return value.strftime(fmt) if hasattr(value, "strftime") else str(value)

    return render


#: Airflow's own Jinja filters (``{{ data_interval_start | ds }}``).
_AIRFLOW_FILTERS = {
    "ds": _date_filter("%Y-%m-%d"),
    "ds_nodash": _date_filter("%Y%m%d"),
    "ts": lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v),
    "ts_nodash": _date_filter("%Y%m%dT%H%M%S"),
    "ts_nodash_with_tz": _date_filter("%Y%m%dT%H%M%S%z"),
}


def _blank(*_args: Any, **_kwargs: Any) -> str:
    return ""


def _ref(*args: Any, **_kwargs: Any) -> str:
    return str(args[-1]) if args else "ref"


def _source(*args: Any, **_kwargs: Any) -> str:
    return ".".join(str(a) for a in args) if args else "source"


class AirflowTemplater(JinjaTemplater):
    """Jinja templater with Airflow's context; unknown names render as placeholders."""

    name = "airflow"

    def get_context(self, fname: str | None, config: Any) -> dict[str, Any]:
        """sqlfluff's Jinja context (from config) over the Airflow stand-ins."""
        context = airflow_context()
        dialect = config.get("dialect") if config is not None else None
        context["dbt"] = _DbtMacros("dbt", dialect)
        context["dbt_utils"] = _DbtMacros("dbt_utils", dialect)
        context.update(super().get_context(fname, config))
        return context

    def _get_jinja_env(self, config: Any = None) -> Any:
        env = super()._get_jinja_env(config)
        env.filters.update(_AIRFLOW_FILTERS)
        return env

    @staticmethod
    def _init_undefined_tracking(
        live_context: dict[str, Any],
        potentially_undefined_variables: Any,
        ignore_templating: bool = False,
    ) -> set[str]:
        # Undefined names are Airflow context we do not model (params, var, conn, ti...):
        # render them as placeholders rather than reporting templating errors.
        for name in potentially_undefined_variables:
            if name not in live_context:
                live_context[name] = Placeholder.create(name)
        return set()
