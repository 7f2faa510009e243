"""AWS Glue: GlueContext readers and writers, sinks, DynamicFrames and their transforms.

A mixin of the tracker (through `ApisMixin`). A DynamicFrame made with
`DynamicFrame.fromDF(df)` is the same data as `df`, so a Glue write of it is a write of `df`.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.facts import Val

if TYPE_CHECKING:
    _Base = Any
else:
    _Base = object

_OTHER = Val(K.OTHER)


class GlueMixin(_Base):
    """Handlers for the Glue kinds (see module docstring)."""

    def _glue_method(self, node, recv, name, args, kwargs):  # noqa: ANN001, ANN202
        texts = _kw_texts(kwargs, args)
        if name.startswith("create_dynamic_frame"):
            return self._new(K.DYF, node, sources=texts)
        if name.startswith("create_data_frame"):
            return self._new(K.DF, node, sources=texts)
        if name.startswith("write_"):
            return self._glue_write(node, args, kwargs)
        if name == "getSink":
            return self._new(K.GLUE_FACTORY, node, via="sink")
        return None

    def _glue_factory_method(self, node, recv, name, args, kwargs):  # noqa: ANN001, ANN202
        if recv.via == "create_dynamic_frame":
            return self._new(K.DYF, node, sources=_kw_texts(kwargs, args))
        if recv.via == "create_data_frame":
            return self._new(K.DF, node, sources=_kw_texts(kwargs, args))
        if recv.via in ("write_dynamic_frame", "sink") and name not in (
            "setFormat",
            "setCatalogInfo",
        ):
            return self._glue_write(node, args, kwargs)
        return None

    def _glue_write(self, node: ast.Call, args: list, kwargs: dict) -> Val:
        frame = kwargs.get("frame") or kwargs.get("frame_or_dfc") or (args[0] if args else None)
        if frame is not None and frame.kind in (K.DYF, K.DF):
            self._write(node, frame)
        return _OTHER

    def _dyf_method(self, node, recv, name, args, kwargs):  # noqa: ANN001, ANN202
        if name == "toDF":
            return self._new(K.DF, node, parent=recv, via="toDF")
        if name in ("count", "show"):
            # DynamicFrame actions run a Spark job just like the DataFrame ones.
            self._action(node, name, recv)
            return _OTHER
        if name in K.DYF_TO_DYF:
            single = (
                node
                if name in ("coalesce", "repartition") and is_one(node, self.facts.int_constants)
                else None
            )
            return self._new(K.DYF, node, parent=recv, via=name, single_partition=single)
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


def _kw_texts(kwargs: dict, args: list) -> tuple[str, ...]:
    out = [
        v.text for v in [*args, *kwargs.values()] if v is not None and v.kind == K.STR and v.text
    ]
    return tuple(out)
