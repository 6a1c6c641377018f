"""Records behave as the dataclasses they declare: compared with ``@dataclass`` on generated classes."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest
from hypothesis import event, given, settings, strategies as st

from flexlint.core.records import record

NAMES = ("a", "b", "c", "d", "e")

field_spec = st.fixed_dictionaries({
    "default": st.sampled_from(["none", "value", "factory"]),
    "compare": st.booleans(),
    "hash": st.sampled_from([None, True, False]),
    "repr": st.booleans(),
    "init": st.booleans(),
})
class_spec = st.fixed_dictionaries({
    "fields": st.lists(field_spec, max_size=5),
    "frozen": st.booleans(),
    "eq": st.booleans(),
    "repr": st.booleans(),
    "post_init": st.booleans(),
})


def _make(spec: dict, decorator) -> type:
    annotations, body = {}, {}
    for name, f in zip(NAMES, spec["fields"]):
        annotations[name] = "object"
        kwargs = {"compare": f["compare"], "hash": f["hash"], "repr": f["repr"], "init": f["init"]}
        if f["default"] == "value":
            kwargs["default"] = f"{name}-default"
        elif f["default"] == "factory":
            kwargs["default_factory"] = lambda name=name: [name]
        body[name] = dataclasses.field(**kwargs)
    body["__annotations__"] = annotations
    if spec["post_init"]:
        def __post_init__(self):
            object.__setattr__(self, "seen", tuple(getattr(self, n) for n in annotations))
        body["__post_init__"] = __post_init__
    cls = type("Sample", (), body)
    return decorator(cls, frozen=spec["frozen"], eq=spec["eq"], repr=spec["repr"])


def _outcome(action):
    try:
        return "ok", action()
    except (TypeError, AttributeError, dataclasses.FrozenInstanceError) as exc:
        return "error", type(exc).__name__


@settings(max_examples=300, deadline=None)
@given(class_spec, st.lists(st.integers(0, 3), max_size=4), st.sets(st.sampled_from(NAMES + ("z",)), max_size=3))
def test_a_record_behaves_as_the_dataclass_it_declares(spec, positional, keywords):
    made = {}
    for label, decorator in (("dataclass", lambda c, **kw: dataclasses.dataclass(c, **kw)),
                             ("record", lambda c, **kw: record(c, **kw))):
        try:
            made[label] = _make(spec, decorator)
        except TypeError as exc:  # a non-default field after a default one: both refuse the class
            made[label] = exc
    if isinstance(made["dataclass"], TypeError):
        assert isinstance(made["record"], TypeError)
        return
    real, mine = made["dataclass"], made["record"]
    assert dataclasses.is_dataclass(mine)
    assert [f.name for f in dataclasses.fields(real)] == [f.name for f in dataclasses.fields(mine)]
    assert real.__match_args__ == mine.__match_args__
    assert str(inspect.signature(real)) == str(inspect.signature(mine))  # help() and editors read it

    args = tuple(f"p{i}" for i in positional)
    kwargs = {k: f"k-{k}" for k in keywords}
    a_real, a_mine = _outcome(lambda: real(*args, **kwargs)), _outcome(lambda: mine(*args, **kwargs))
    assert a_real[0] == a_mine[0], (a_real, a_mine)
    event(f"construction: {a_real[0]}")
    if a_real[0] == "error":
        return
    one, two = a_real[1], a_mine[1]
    assert vars(one) == vars(two)  # the same fields set (one outside __init__ without a default stays unset)
    assert _outcome(lambda: dataclasses.asdict(one)) == _outcome(lambda: dataclasses.asdict(two))
    if spec["repr"]:
        assert _outcome(lambda: repr(one)) == _outcome(lambda: repr(two))

    # Equality and hashing, against an equal instance and a changed one.
    for other_real, other_mine in ((copy.copy(one), copy.copy(two)), (_changed(one), _changed(two))):
        assert _outcome(lambda: one == other_real) == _outcome(lambda: two == other_mine)
        assert _outcome(lambda: one != other_real) == _outcome(lambda: two != other_mine)
    assert (one == object()) == (two == object())
    h_real, h_mine = _outcome(lambda: hash(one)), _outcome(lambda: hash(two))
    assert h_real[0] == h_mine[0]
    if h_real[0] == "ok" and spec["frozen"] and spec["eq"] and _outcome(lambda: hash(copy.copy(one)))[0] == "ok":
        assert (hash(one) == hash(copy.copy(one))) and (hash(two) == hash(copy.copy(two)))

    # Frozen: no field can be set or deleted; replace() builds a changed copy.
    for name in [f.name for f in dataclasses.fields(real)][:1] + ["extra"]:
        assert _outcome(lambda: setattr(one, name, 1))[0] == _outcome(lambda: setattr(two, name, 1))[0]
        assert _outcome(lambda: delattr(one, name))[0] == _outcome(lambda: delattr(two, name))[0]
    init_names = [f.name for f in dataclasses.fields(real) if f.init]
    if init_names:
        changes = {init_names[0]: "replaced"}
        assert _outcome(lambda: vars(dataclasses.replace(one, **changes))) == \
            _outcome(lambda: vars(dataclasses.replace(two, **changes)))


def _changed(obj):
    """A copy with its first field changed (set past a frozen class's guard, as a test may)."""
    other = copy.copy(obj)
    names = [f.name for f in dataclasses.fields(obj)]
    if names:
        object.__setattr__(other, names[0], "changed")
    return other


@record(frozen=True)
class Point:
    """A record defined at module level, so that it can be pickled."""

    x: int
    y: int = 0
    tags: tuple[str, ...] = dataclasses.field(default=(), compare=False)


@record
class Box:
    """A mutable record."""

    items: list[int] = dataclasses.field(default_factory=list)


def test_records_pickle_copy_and_compare_as_dataclasses_do():
    p = Point(1, 2, ("a",))
    assert pickle.loads(pickle.dumps(p)) == p and copy.deepcopy(p) == p
    assert Point(1, 2, ("a",)) == Point(1, 2, ("b",))  # tags are not compared
    assert hash(Point(1, 2)) == hash(Point(1, 2)) and {Point(1), Point(1)} == {Point(1)}
    assert repr(p) == "Point(x=1, y=2, tags=('a',))"
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3
    assert dataclasses.replace(p, y=5) == Point(1, 5)
    box = Box()
    box.items.append(1)
    assert Box().items == [] and box == Box([1])
    with pytest.raises(TypeError):
        hash(box)  # mutable and compared by value, as a dataclass
    with pytest.raises(TypeError, match="missing 1 required argument: 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        Point(1, z=2)


def test_what_records_do_not_support_is_refused():
    with pytest.raises(TypeError, match="non-default argument"):
        @record
        class Bad:
            a: int = 1
            b: int
    with pytest.raises(TypeError, match="InitVar"):
        @record
        class WithInitVar:
            a: dataclasses.InitVar[int]
