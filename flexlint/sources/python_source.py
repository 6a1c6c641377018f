"""Python files and Jupyter notebooks, parsed with libcst only when they can matter.

Most Python files in a repository never mention an LLM client, so the bytes
are searched first (by the ``relevant`` test the caller passes) and libcst is imported and run only for
files that pass; a run that meets no such file never imports libcst.

A notebook's code cells are parsed one by one. Positions of a cell's code
are mapped back into the ``.ipynb`` file (each source line is a JSON string
there), so line and column are those of the notebook file as saved, and
:meth:`PythonDocument.where` names the cell and the line inside it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ..core.document import Document, SourceError
from ..core.regex import lazy

PYTHON_SUFFIXES = frozenset({".py", ".pyi"})
NOTEBOOK_SUFFIXES = frozenset({".ipynb"})
# IPython syntax that is not Python: shell escapes, line magics, help.
_MAGIC = lazy(r"^[ \t]*(?:[!%]|\?\??\w)|\?\??[ \t]*$", re.M)


@dataclass(eq=False)
class CodeUnit:
    """One piece of Python: a whole file, or one notebook cell.

    ``offsets`` maps each character offset of ``code`` (and ``len(code)``)
    to an offset in the document's text; None means the code *is* the
    document text.
    """

    code: str
    offsets: Sequence[int] | None = None
    # Notebook: (offset in ``code`` where a cell starts, its 1-based number), in order.
    cells: list[tuple[int, int]] = field(default_factory=list)
    module: Any = None  # libcst.Module, once parsed
    # The text libcst parsed when it is not ``code``: statements that cannot matter blanked out
    # (same length, same offsets; see :mod:`.python_slice`).
    source: str | None = None
    sliced: Any = None  # the python_slice.Sliced it was cut from: ast's statements, to parse a left-out one when read

    def cell_at(self, index: int) -> tuple[int, int] | None:
        """(cell number, 1-based line in the cell) of an offset into ``code``."""
        if not self.cells:
            return None
        i = bisect_right([start for start, _ in self.cells], index) - 1
        if i < 0:
            return None
        start, number = self.cells[i]
        return number, self.code.count("\n", start, index) + 1

    def to_document(self, offset: int) -> int:
        if self.offsets is None:
            return offset
        return self.offsets[min(max(offset, 0), len(self.offsets) - 1)]


class PythonDocument(Document):
    """Python source (one unit) or a notebook (one unit per code cell)."""

    def __init__(self, path: str, text: str, units: list[CodeUnit]) -> None:
        super().__init__(path, text, None, "python")
        self.units = units

    @property
    def parsed(self) -> bool:
        return any(u.module is not None for u in self.units)

    def where(self, offset: int) -> str:
        """``cell 3, line 2`` for a position inside a notebook cell, else ''."""
        for unit in self.units:
            if not unit.cells or not unit.offsets:
                continue
            index = bisect_right(unit.offsets, offset) - 1
            found = unit.cell_at(max(index, 0))
            if found is not None:
                return f"cell {found[0]}, line {found[1]}"
        return ""


def load_python(path: str, data: bytes, text: str, relevant: Callable[[bytes], bool]) -> list[Document]:
    unit = CodeUnit(text)
    if relevant(data):
        unit.module = parse(text, unit, relevant)
    return [PythonDocument(path, text, [unit])]


def load_notebook(path: str, data: bytes, text: str, relevant: Callable[[bytes], bool]) -> list[Document]:
    from ..core.limits import current
    from .jsonc import parse_json, string_offsets

    root, _ = parse_json(text, max_depth=current().max_depth)
    if root is None or not root.is_mapping:
        raise SourceError("not a Jupyter notebook: the file is not a JSON object", 0)
    cells_list = _cells(root)
    # Cells share one namespace and run in order, so they are read as one module.
    code_parts: list[str] = []
    offsets: list[int] = []
    cell_starts: list[tuple[int, int]] = []  # (offset in the joined code, cell number)
    length = 0
    for number, cell in enumerate(cells_list, start=1):
        kind = cell.get("cell_type")
        source = cell.get("source") or cell.get("input")
        if kind is None or kind.value != "code" or source is None or not isinstance(source.value, (str, list)):
            continue
        parts = [p for p in (source.value if source.is_sequence else [source]) if isinstance(p.value, str)]
        cell_code = "".join(p.value for p in parts)
        if not parts or cell_code.lstrip().startswith("%%"):
            continue  # empty, or a cell magic: not Python (%%bash, %%html, ...)
        cell_starts.append((length, number))
        end = parts[-1].end - 1
        for part in parts:
            mapped = string_offsets(text, part.start, part.end)
            offsets.extend(mapped[:-1])
            end = mapped[-1]
        code_parts.append(cell_code)
        length += len(cell_code)
        if not cell_code.endswith("\n"):
            code_parts.append("\n")
            offsets.append(end)
            length += 1
    offsets.append(len(text))
    code = _blank_magics("".join(code_parts))
    unit = CodeUnit(code, offsets, cells=cell_starts)
    if cell_starts and relevant(data) and relevant(code.encode("utf-8", "surrogatepass")):
        unit.module = parse(code, unit, relevant)
    return [PythonDocument(path, text, [unit])]


def _cells(root: Any) -> list[Any]:
    """The notebook's cells in order: ``cells`` (nbformat 4), else ``worksheets[].cells`` (nbformat 3).

    Entries of the wrong shape (a cell that is not an object, a worksheet
    without a list of cells) are passed over, as Jupyter's validator would
    reject them rather than run them.
    """
    cells = root.get("cells")
    if cells is not None and cells.is_sequence:
        found = cells.value
    else:
        sheets = root.get("worksheets")
        found = []
        for sheet in sheets.value if sheets is not None and sheets.is_sequence else []:
            inner = sheet.get("cells")
            if inner is not None and inner.is_sequence:
                found.extend(inner.value)
    return [cell for cell in found if cell.is_mapping]


def _blank_magics(code: str) -> str:
    """Turn IPython-only lines into comments, keeping every offset."""
    if "!" not in code and "%" not in code and "?" not in code:
        return code
    out = []
    for line in code.splitlines(keepends=True):
        if _MAGIC.search(line):
            stripped = len(line) - len(line.lstrip(" \t"))
            line = line[:stripped] + "#" + line[stripped + 1 :] if len(line) > stripped else line
        out.append(line)
    return "".join(out)


def parse(code: str, unit: CodeUnit, relevant: Callable[[bytes], bool] | None = None) -> Any:
    """Parse with libcst; a syntax error is a SourceError at its place (never a traceback).

    With ``relevant`` (the byte prefilter), only the statements that can
    matter are parsed (:mod:`.python_slice`); should libcst refuse that text,
    the whole code is parsed, so an error is reported as it always was.
    """
    from ..core.limits import current
    from .python_shape import check_python_shape

    refused = check_python_shape(code, current())
    if refused is not None:
        cell = unit.cell_at(min(refused.offset, len(code)))
        where = f" (cell {cell[0]}, line {cell[1]})" if cell is not None else ""
        refused.message = f"not parsed{where}: {refused.message}"
        refused.offset = unit.to_document(min(refused.offset, len(code)))
        raise refused
    import libcst

    if relevant is not None:
        from .python_slice import NOTHING, slice_module

        sliced = slice_module(code, relevant)
        if sliced == NOTHING:
            unit.source = NOTHING
            return libcst.Module(body=[])
        if sliced is not None:
            try:
                module = libcst.parse_module(sliced.text)
            except Exception:
                pass
            else:
                unit.source = sliced.text
                unit.sliced = sliced
                return module
    try:
        return libcst.parse_module(code)
    except libcst.ParserSyntaxError as exc:
        message, line, column = _syntax_detail(code, exc)
    except Exception as exc:  # the native parser can fail in other ways (e.g. recursion)
        message, line, column = f"cannot parse this Python code: {exc}", 1, 0
    starts = [0] + [m.end() for m in re.finditer("\n", code)]
    offset = starts[min(line, len(starts)) - 1] + column
    cell = unit.cell_at(min(offset, len(code)))
    where = f" (cell {cell[0]}, line {cell[1]})" if cell is not None else ""
    raise SourceError(f"invalid Python syntax{where}: {message}", unit.to_document(min(offset, len(code))))


def _syntax_detail(code: str, exc: Any) -> tuple[str, int, int]:
    """The compiler's message and place are clearer than libcst's; use them when it agrees."""
    import warnings

    try:
        with warnings.catch_warnings():  # "invalid escape sequence" and the like: not ours to print
            warnings.simplefilter("ignore")
            compile(code, "<flexlint>", "exec", dont_inherit=True, flags=0x400)  # ast.PyCF_ONLY_AST
    except SyntaxError as err:
        line = err.lineno or exc.raw_line
        column = max((err.offset or 1) - 1, 0)
        return err.msg, line, column
    except Exception:
        pass
    first = str(exc.message).splitlines()[0] if exc.message else "syntax error"
    return first.replace("parser error: ", ""), exc.raw_line, exc.raw_column
