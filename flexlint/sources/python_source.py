"""Python files and Jupyter notebooks, parsed with libcst only when they can matter.

Most Python files in a repository never mention an LLM client, so the bytes
are searched first (:data:`MARKERS`) and libcst is imported and run only for
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
from typing import Any, Sequence

from ..document import Document, SourceError

# Anything a request site in Python needs to name: the OpenAI SDK (and the
# LangChain/pydantic-ai classes named after it), LiteLLM, pydantic-ai,
# LangChain's init_chat_model, or the tier itself.
MARKERS = re.compile(rb"[Oo]pen[Aa][Ii]|litellm|pydantic_ai|init_chat_model|service_tier|serviceTier")
PYTHON_SUFFIXES = frozenset({".py", ".pyi"})
NOTEBOOK_SUFFIXES = frozenset({".ipynb"})
# IPython syntax that is not Python: shell escapes, line magics, help.
_MAGIC = re.compile(r"^[ \t]*(?:[!%]|\?\??\w)|\?\??[ \t]*$", re.M)


@dataclass(eq=False)
class CodeUnit:
    """One piece of Python: a whole file, or one notebook cell.

    ``offsets`` maps each character offset of ``code`` (and ``len(code)``)
    to an offset in the document's text; None means the code *is* the
    document text.
    """

    code: str
    offsets: Sequence[int] | None = None
    cell: int | None = None  # 1-based number of a notebook cell
    module: Any = None  # libcst.Module, once parsed

    def to_document(self, offset: int) -> int:
        if self.offsets is None:
            return offset
        return self.offsets[min(max(offset, 0), len(self.offsets) - 1)]


class PythonDocument(Document):
    """Python source (one unit) or a notebook (one unit per code cell)."""

    def __init__(self, path: str, text: str, units: list[CodeUnit]) -> None:
        super().__init__(path, text, None, "python")
        self.units = units
        self._cell_starts: list[tuple[int, int]] | None = None

    @property
    def parsed(self) -> bool:
        return any(u.module is not None for u in self.units)

    def where(self, offset: int) -> str:
        """``cell 3, line 2`` for a position inside a notebook cell, else ''."""
        cells = [u for u in self.units if u.cell is not None and u.offsets]
        if not cells:
            return ""
        for unit in cells:
            offsets = unit.offsets
            assert offsets is not None
            if offsets[0] <= offset <= offsets[-1]:
                index = bisect_right(offsets, offset) - 1
                line = unit.code.count("\n", 0, max(index, 0)) + 1
                return f"cell {unit.cell}, line {line}"
        return ""


def relevant(data: bytes) -> bool:
    """The byte-level prefilter: can this file hold a request site at all?"""
    return MARKERS.search(data) is not None


def load_python(path: str, data: bytes, text: str) -> list[Document]:
    unit = CodeUnit(text)
    if relevant(data):
        unit.module = parse(text, unit)
    return [PythonDocument(path, text, [unit])]


def load_notebook(path: str, data: bytes, text: str) -> list[Document]:
    from .jsonc import parse_json, string_offsets

    root, _ = parse_json(text)
    if root is None or not root.is_mapping:
        raise SourceError("not a Jupyter notebook: the file is not a JSON object", 0)
    cells = root.get("cells")
    if cells is None or not cells.is_sequence:
        # nbformat 3 kept cells under worksheets[].cells
        sheets = root.get("worksheets")
        cells_list = [c for s in (sheets.value if sheets is not None and sheets.is_sequence else []) for c in (getattr(s.get("cells"), "value", None) or [])]
    else:
        cells_list = cells.value
    units: list[CodeUnit] = []
    scan = relevant(data)
    for number, cell in enumerate(cells_list, start=1):
        kind = cell.get("cell_type")
        source = cell.get("source") or cell.get("input")
        if kind is None or kind.value != "code" or source is None:
            continue
        parts = source.value if source.is_sequence else [source]
        code_parts: list[str] = []
        offsets: list[int] = []
        for part in parts:
            if not isinstance(part.value, str):
                continue
            mapped = string_offsets(text, part.start, part.end)
            code_parts.append(part.value)
            offsets.extend(mapped[:-1])
            end = mapped[-1]
        if not code_parts:
            continue
        offsets.append(end)
        code = "".join(code_parts)
        if code.lstrip().startswith("%%"):
            continue  # a cell magic: the cell is not Python (%%bash, %%html, ...)
        unit = CodeUnit(_blank_magics(code), offsets, number)
        if scan and MARKERS.search(code.encode("utf-8", "surrogatepass")):
            unit.module = parse(unit.code, unit)
        units.append(unit)
    return [PythonDocument(path, text, units)]


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


def parse(code: str, unit: CodeUnit) -> Any:
    """Parse with libcst; a syntax error is a SourceError at its place (never a traceback)."""
    import libcst

    try:
        return libcst.parse_module(code)
    except libcst.ParserSyntaxError as exc:
        message, line, column = _syntax_detail(code, exc)
    except Exception as exc:  # the native parser can fail in other ways (e.g. recursion)
        message, line, column = f"cannot parse this Python code: {exc}", 1, 0
    starts = [0] + [m.end() for m in re.finditer("\n", code)]
    offset = starts[min(line, len(starts)) - 1] + column
    where = f" (cell {unit.cell})" if unit.cell is not None else ""
    raise SourceError(f"invalid Python syntax{where}: {message}", unit.to_document(min(offset, len(code))))


def _syntax_detail(code: str, exc: Any) -> tuple[str, int, int]:
    """The compiler's message and place are clearer than libcst's; use them when it agrees."""
    try:
        compile(code, "<flexlint>", "exec", dont_inherit=True, flags=0x400)  # ast.PyCF_ONLY_AST
    except SyntaxError as err:
        line = err.lineno or exc.raw_line
        column = max((err.offset or 1) - 1, 0)
        return err.msg, line, column
    except Exception:
        pass
    first = str(exc.message).splitlines()[0] if exc.message else "syntax error"
    return first.replace("parser error: ", ""), exc.raw_line, exc.raw_column
