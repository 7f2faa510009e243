"""What the DataFrame tracker learns about a script: abstract values and recorded facts.

The tracker (`tracker.py`) walks the script once and fills a `ScriptFacts`; every rule
reads only these facts, so a rule is a few lines and no rule walks the tree again.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from strands_airflow.agents.quality.pyspark import kinds as K
from strands_airflow.agents.quality.pyspark.kinds import is_small_name, is_small_source

LoopStack = tuple[int, ...]
FuncDef = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(eq=False)
class Val:
    """An abstract value: its kind (DataFrame, RDD, string...) and what we know of it.

    `parent` links a DataFrame to the one it was derived from, `via` names the method that
    derived it; `alias_of` makes two handles one DataFrame (`df2 = df.cache()`,
    `DynamicFrame.fromDF(df)`), so actions and caching are counted on the same object.
    """

    kind: str
    node: ast.AST | None = None
    parent: Val | None = None
    via: str = ""
    alias_of: Val | None = None
    name: str = ""  # the variable first bound to it
    sources: tuple[str, ...] = ()  # table names, paths, function names it was read from
    small_literal: bool = False
    bounded: bool = False  # after limit(n), a global aggregate, literal rows
    broadcast: bool = False
    cached: bool = False
    single_partition: ast.AST | None = None  # the coalesce(1)/repartition(1) call
    loops: LoopStack = ()  # loops enclosing its creation
    text: str | None = None  # for STR values: the rendered text
    text_node: ast.AST | None = None  # for STR values: the node the text starts in
    items: tuple[Val | None, ...] = ()  # for LIST values of DataFrames
    func: ast.AST | None = None  # for OTHER values bound to a lambda / def

    def target(self) -> Val:
        """The DataFrame object actions on this handle run on (follows aliases)."""
        v = self
        for _ in range(64):
            if v.alias_of is None:
                return v
            v = v.alias_of
        return v

    def action_target(self) -> tuple[Val, bool]:
        """The named DataFrame an action on this value recomputes, and whether a limit bounds it.

        Anonymous chains (`df.filter(...).count()`) are charged to the variable they start
        from; a `limit` in between makes the action cheap, so it is not charged.
        """
        v = self.target()
        limited = False
        for _ in range(64):
            if v.name or v.parent is None:
                return v, limited
            if v.via == "limit":
                limited = True
            v = v.parent.target()
        return v, limited

    def is_cached(self) -> bool:
        """True when this DataFrame or one it derives from is cached/persisted."""
        v: Val | None = self
        for _ in range(64):
            if v is None:
                return False
            t = v.target()
            if t.cached or v.cached:
                return True
            v = t.parent
        return False

    def is_small(self) -> bool:
        """True for a small table: literal rows, or a dimension/lookup/reference by its names."""
        v: Val | None = self
        for _ in range(64):
            if v is None:
                return False
            t = v.target()
            for cand in (v, t):
                if cand.small_literal:
                    return True
                if cand.name and is_small_name(cand.name):
                    return True
                if any(is_small_source(s) for s in cand.sources):
                    return True
            if t.via and t.via not in K.NARROWING and t.via != "broadcast":
                return False
            v = t.parent
        return False

    def is_broadcast(self) -> bool:
        """True when this DataFrame (or one it narrows) carries a broadcast hint."""
        v: Val | None = self
        for _ in range(64):
            if v is None:
                return False
            t = v.target()
            if v.broadcast or t.broadcast:
                return True
            if t.via and t.via not in K.NARROWING:
                return False
            v = t.parent
        return False


@dataclass
class Action:
    """An action (count, collect, show, write...) run on a DataFrame or RDD."""

    node: ast.AST
    name: str
    value: Val  # the receiver
    loops: LoopStack
    cached: bool  # whether the receiver was cached at that point
    branches: tuple[tuple[int, int], ...] = ()  # (if statement, branch) enclosing it
    via_call: bool = False  # run inside a function of the script on the DataFrame passed to it

    def exclusive_with(self, other: Action) -> bool:
        """True when the two actions sit in different branches of one `if`."""
        mine = dict(self.branches)
        return any(mine.get(if_id, branch) != branch for if_id, branch in other.branches)


@dataclass
class Join:
    """A DataFrame join: left, right, whether it had a condition and its `how`."""

    node: ast.Call
    left: Val
    right: Val | None
    has_condition: bool
    how: str


@dataclass
class MethodCall:
    """A call of interest (`withColumn`, `coalesce(1)`, `groupByKey`...) and where it sits."""

    node: ast.Call
    name: str
    receiver: Val | None
    loops: LoopStack
    in_reduce: bool = False


@dataclass
class SqlText:
    """A string passed to `spark.sql`, rendered, with the node its first line starts in."""

    node: ast.Call
    text: str
    line: int
    column: int


@dataclass
class PathUse:
    """A struct path of depth >= 3 read in a transformation."""

    path: tuple[str, ...]
    node: ast.AST
    transformation: int  # id of the enclosing DataFrame method call (or statement)


@dataclass
class UdfDef:
    """A Python UDF: the decorated def or the lambda/def handed to udf()/pandas_udf()."""

    node: ast.AST  # where to report
    func: ast.AST | None  # FunctionDef / Lambda, None when it could not be resolved
    kind: str  # udf | pandas_udf | register
    name: str = ""  # the registered or assigned name, when the function has none


@dataclass
class ScriptFacts:
    """Everything the rules read, filled by one walk of the tracker."""

    actions: list[Action] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    calls: list[MethodCall] = field(default_factory=list)
    sql: list[SqlText] = field(default_factory=list)
    paths: list[PathUse] = field(default_factory=list)
    udfs: list[UdfDef] = field(default_factory=list)
    writes: list[tuple[ast.AST, Val]] = field(default_factory=list)
    views: dict[str, Val] = field(default_factory=dict)
    functions: dict[str, FuncDef] = field(default_factory=dict)
    imports: dict[str, str] = field(default_factory=dict)  # local name -> dotted origin
    # name -> the int every assignment of it binds (None when they disagree): `N_FILES = 1`
    int_constants: dict[str, int | None] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)  # DataFrame aliases (`df.alias("o")`)
    cached_tables: set[str] = field(default_factory=set)  # `CACHE TABLE t`, catalog.cacheTable


# What a call passes, as the tracker typed it (positional values, then keyword values;
# `**` keys a `**kwargs` splat).
Args = list[Val | None]
Kwargs = dict[str, Val | None]
