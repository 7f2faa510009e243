"""AWS Glue: GlueContext readers and writers, sinks, DynamicFrames and their transforms.

Method handlers filed in `apis.HANDLERS` under the Glue kinds. A DynamicFrame made with
`DynamicFrame.fromDF(df)` is the same data as `df`, so a Glue write of it is a write of `df`.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Args, Kwargs, Val

if TYPE_CHECKING:
    from strands_airflow.agents.quality.pyspark.tracker import Tracker

_OTHER = Val(K.OTHER)


def context_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    """A GlueContext method: `create_dynamic_frame*` / `create_data_frame*` read, `write_*` write."""
    texts = _kw_texts(kwargs, args)
    if name.startswith("create_dynamic_frame"):
        return t.new(K.DYF, node, sources=texts)
    if name.startswith("create_data_frame"):
        return t.new(K.DF, node, sources=texts)
    if name.startswith("write_"):
        return _glue_write(t, node, args, kwargs)
    if name == "getSink":
        return t.new(K.GLUE_FACTORY, node, via="sink")
    return None


def factory_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    """`glueContext.create_dynamic_frame.from_catalog(...)`, `.write_dynamic_frame...`, a sink."""
    if recv.via == "create_dynamic_frame":
        return t.new(K.DYF, node, sources=_kw_texts(kwargs, args))
    if recv.via == "create_data_frame":
        return t.new(K.DF, node, sources=_kw_texts(kwargs, args))
    if recv.via in ("write_dynamic_frame", "sink") and name not in (
        "setFormat",
        "setCatalogInfo",
    ):
        return _glue_write(t, node, args, kwargs)
    return None


def _glue_write(t: Tracker, node: ast.Call, args: Args, kwargs: Kwargs) -> Val:
    frame = kwargs.get("frame") or kwargs.get("frame_or_dfc") or (args[0] if args else None)
    if frame is not None and frame.kind in (K.DYF, K.DF):
        t.write(node, frame)
    return _OTHER


def dyf_method(
    t: Tracker, node: ast.Call, recv: Val, name: str, args: Args, kwargs: Kwargs
) -> Val | None:
    """A DynamicFrame method: `toDF`, its actions (`count`, `show`) and its transforms."""
    if name == "toDF":
        return t.new(K.DF, node, parent=recv, via="toDF")
    if name in ("count", "show"):
        # DynamicFrame actions run a Spark job just like the DataFrame ones.
        t.action(node, name, recv)
        return _OTHER
    if name in K.DYF_TO_DYF:
        single = (
            node
            if name in ("coalesce", "repartition") and is_one(node, t.facts.int_constants)
            else None
        )
        return t.new(K.DYF, node, parent=recv, via=name, single_partition=single)
    return None


def is_one(node: ast.Call, int_constants: dict[str, int | None] | None = None) -> bool:
    """`coalesce(1)` / `repartition(1)` / `numPartitions=1`, or a name only ever bound to 1."""
    first = (
        node.args[0]
        if node.args
        else next((k.value for k in node.keywords if k.arg == "numPartitions"), None)
    )
    if isinstance(first, ast.Name) and int_constants:
        return int_constants.get(first.id) == 1
    return isinstance(first, ast.Constant) and first.value == 1 and first.value is not True


def _kw_texts(kwargs: Kwargs, args: Args) -> tuple[str, ...]:
    out = [
        v.text for v in [*args, *kwargs.values()] if v is not None and v.kind == K.STR and v.text
    ]
    return tuple(out)
