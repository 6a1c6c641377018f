"""Records: dataclasses whose methods are not generated when their module is imported.

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``,
``__eq__`` and, for a frozen class, ``__hash__``, ``__setattr__`` and
``__delattr__``, and compiles it while the class is created: about half a
millisecond per class. A one-file run defines some sixty records on its way
to the first finding, so that code generation was a quarter of its start-up
(measured: 154 against 116 ms of CPU with these records).

``record`` declares the same dataclass: ``dataclasses`` processes the class
(fields, defaults, ``default_factory``, ``compare``/``hash``/``repr`` flags,
``__match_args__``), and ``fields``, ``replace``, ``asdict`` and
``is_dataclass`` see it as one. Its methods are the ones below, compiled once
with this module and reading the fields they were given at run time; they
behave as the generated ones do (``tests/core/test_records.py`` compares them
on generated classes). An instance takes a microsecond or two longer to
build, so types made by the thousand, such as a document's nodes, stay plain
dataclasses.

Supported: ``frozen`` and ``eq`` (with the hash dataclasses derive from
them), ``repr``, ``init``, ``__post_init__``. Anything else (``order``,
``unsafe_hash``, ``slots``, ``kw_only``, ``InitVar``) is refused, so it is
declared with ``@dataclass`` instead of being half supported.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Callable, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator

T = TypeVar("T", bound=type)
MISSING = dataclasses.MISSING

__all__ = ["record"]


@dataclass_transform(eq_default=True, field_specifiers=(dataclasses.field,))
def record(cls: T | None = None, /, *, frozen: bool = False, eq: bool = True, repr: bool = True,
           init: bool = True) -> Any:
    """``@dataclass`` with the same meaning for these options, without code generated at import."""

    def wrap(klass: T) -> T:
        return _build(klass, frozen=frozen, eq=eq, show=repr, init=init)

    return wrap if cls is None else wrap(cls)


def _build(cls: T, *, frozen: bool, eq: bool, show: bool, init: bool) -> T:
    own = cls.__dict__
    # What dataclasses decides from the class body, before anything is added to it.
    class_hash = own.get("__hash__", MISSING)
    explicit_hash = not (class_hash is MISSING or (class_hash is None and "__eq__" in own))
    if frozen and ("__setattr__" in own or "__delattr__" in own):
        raise TypeError(f"cannot overwrite __setattr__ or __delattr__ of frozen record {cls.__qualname__}")
    if any("InitVar" in str(annotation) for annotation in own.get("__annotations__", {}).values()):
        raise TypeError(f"{cls.__qualname__}: InitVar fields need @dataclass")
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)
    fields = dataclasses.fields(cls)
    if init and "__init__" not in own:
        cls.__init__ = _init(cls, fields)  # type: ignore[misc]
        cls.__signature__ = _Signature(fields)  # type: ignore[attr-defined]  # for help() and inspect
    if show and "__repr__" not in own:
        cls.__repr__ = _repr(tuple(f.name for f in fields if f.repr))  # type: ignore[method-assign]
    if eq and "__eq__" not in own:
        cls.__eq__ = _eq(tuple(f.name for f in fields if f.compare))  # type: ignore[method-assign]
    if eq and not explicit_hash:
        if frozen:
            hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
            cls.__hash__ = _hash(hashed)  # type: ignore[method-assign]
        else:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and compared by value: unhashable
    if frozen:
        names = frozenset(f.name for f in fields)
        cls.__setattr__, cls.__delattr__ = _frozen(cls, names)  # type: ignore[method-assign]
    return cls


def _init(cls: type, fields: tuple[dataclasses.Field, ...]) -> Callable[..., None]:
    taken = [f for f in fields if f.init]
    names = tuple(f.name for f in taken)
    plan = tuple((f.name, f.default, f.default_factory) for f in taken)
    # As in a dataclass, a field outside __init__ is set only from a factory: a plain default is read
    # from the class, and one with neither stays unset.
    later = tuple((f.name, f.default_factory) for f in fields if not f.init and f.default_factory is not MISSING)
    seen_default = False
    for f in taken:  # what dataclasses refuses when it writes the __init__ itself
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        seen_default = seen_default or has_default
    count = len(names)
    post_init = hasattr(cls, "__post_init__")
    label = f"{cls.__qualname__}.__init__()"
    for f in fields:  # values go straight into the instance's __dict__: no field may be a descriptor
        if hasattr(type(cls.__dict__.get(f.name)), "__set__"):
            raise TypeError(f"{cls.__qualname__}.{f.name} is a descriptor: declare the class with @dataclass")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if args:
            if len(args) > count:
                raise TypeError(f"{label} takes {count + 1} positional arguments but {len(args) + 1} were given")
            for name in names[:len(args)]:
                if name in kwargs:
                    raise TypeError(f"{label} got multiple values for argument {name!r}")
            kwargs.update(zip(names, args))
        values = {}
        missing = None
        for name, default, factory in plan:
            value = kwargs.pop(name, MISSING)
            if value is MISSING:
                if default is not MISSING:
                    value = default
                elif factory is not MISSING:
                    value = factory()
                else:
                    missing = (missing or []) + [name]
                    continue
            values[name] = value
        if kwargs:
            raise TypeError(f"{label} got an unexpected keyword argument {next(iter(kwargs))!r}")
        if missing:
            listed = " and ".join(f"{n!r}" for n in missing)
            raise TypeError(f"{label} missing {len(missing)} required argument{'s' * (len(missing) > 1)}: {listed}")
        for name, factory in later:
            values[name] = factory()
        self.__dict__.update(values)
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The field values of an instance as a tuple (what the generated methods compare and hash)."""
    if not names:
        return lambda _: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    from reprlib import recursive_repr

    @recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in names) + ")"

    return __repr__


def _eq(names: tuple[str, ...]) -> Callable[[Any, Any], Any]:
    values = _values(names)

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: tuple[str, ...]) -> Callable[[Any], int]:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen(cls: type, names: frozenset[str]) -> tuple[Callable[..., None], Callable[..., None]]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"  # how dataclasses shows a default_factory in a signature


class _Signature:
    """``inspect.signature`` of a record class, as a dataclass's would read (built when first asked)."""

    def __init__(self, fields: tuple[dataclasses.Field, ...]) -> None:
        self.fields = fields
        self.value: Any = None

    def __get__(self, obj: Any, owner: type) -> Any:
        if self.value is None:
            import inspect

            kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
            self.value = inspect.Signature([
                inspect.Parameter(
                    f.name, kind, annotation=f.type,
                    default=f.default if f.default is not MISSING
                    else _Factory() if f.default_factory is not MISSING else inspect.Parameter.empty,
                )
                for f in self.fields if f.init
            ], return_annotation=None)
        return self.value
