"""Reading a file into YAML nodes: bytes, then text, then nodes, refusing hostile input early.

Size, depth and node count are bounded; anchors, aliases and tags are refused; nothing is
ever constructed. Whatever stops a file being read is one Problem with its place.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from stretchapp.core.problem import Problem

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "Problem", "compose"]

MAX_BYTES = 1 << 20  # 1 MiB: a routine file is a few kilobytes
MAX_DEPTH = 50
MAX_NODES = 20_000  # a 500-step routine is about 5,000 values


# Characters YAML text may not hold (YAML 1.1, 5.1): found here to point at them precisely.
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_TOO_DEEP = f"nests deeper than {MAX_DEPTH} levels; these files need four at most"


class _RefusedError(Exception):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _StrictComposer:
    """Composes nodes itself: bounded depth and size, no anchors, no tags.

    Nodes are composed from the event stream without recursion and without resolving
    tags: the loader interprets every scalar by our rules, so YAML 1.1's readings
    (010 as 8, no as false, 1:30 as 90) never happen. Nothing is ever constructed.
    """

    def _next(self) -> Any:
        parser: Any = self
        return parser.get_event()

    def _peek(self) -> Any:
        parser: Any = self
        return parser.peek_event()

    def get_single_node(self) -> yaml.Node | None:
        self._next()  # stream start
        node = None
        if not isinstance(self._peek(), yaml.StreamEndEvent):
            node = self._compose_document()
        if not isinstance(self._peek(), yaml.StreamEndEvent):
            raise _RefusedError(
                self._peek().start_mark,
                "holds a second YAML document; keep one document a file and remove the '---'",
            )
        self._next()
        return node

    def _compose_document(self) -> yaml.Node | None:
        self._next()  # document start
        root: yaml.Node | None = None
        stack: list[yaml.Node] = []
        pending: list[yaml.Node | None] = []  # a mapping's key waiting for its value
        count = 0
        while True:
            event = self._next()
            if isinstance(event, yaml.DocumentEndEvent):
                return root
            node: yaml.Node
            if isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop()
                pending.pop()
                node.end_mark = event.end_mark
            else:
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    raise _RefusedError(
                        event.start_mark,
                        "anchors (&name) and aliases (*name) are not supported; "
                        "write the value out in full",
                    )
                tag = getattr(event, "tag", None)
                if tag is not None:
                    raise _RefusedError(
                        event.start_mark,
                        f"YAML tags like {tag!r} are not supported; remove the tag "
                        "(quote the value to keep it as text)",
                    )
                count += 1
                if count > MAX_NODES:
                    raise _RefusedError(
                        event.start_mark,
                        f"holds more than {MAX_NODES:,} values; split it into smaller files",
                    )
                start: Any = event.start_mark  # libyaml's marks are not yaml.Mark to the stubs
                if isinstance(event, yaml.ScalarEvent):
                    end: Any = event.end_mark
                    node = yaml.ScalarNode("str", event.value, start, end, style=event.style)
                else:
                    if len(stack) >= MAX_DEPTH:
                        raise _RefusedError(
                            event.start_mark,
                            _TOO_DEEP,
                        )
                    if isinstance(event, yaml.SequenceStartEvent):
                        node = yaml.SequenceNode("seq", [], start, None)
                    else:
                        node = yaml.MappingNode("map", [], start, None)
                    stack.append(node)
                    pending.append(None)
                    continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if isinstance(parent, yaml.SequenceNode):
                parent.value.append(node)
            elif pending[-1] is None:
                pending[-1] = node
            else:
                parent.value.append((pending[-1], node))
                pending[-1] = None


class StrictLoader(_StrictComposer, yaml.SafeLoader):
    """The safe loader with the strict composer, on PyYAML's pure-Python parser."""


if TYPE_CHECKING:
    FastStrictLoader = StrictLoader
else:  # libyaml's parser when present: twenty times faster, and it only gives events too
    FastStrictLoader = (
        type("FastStrictLoader", (_StrictComposer, yaml.CSafeLoader), {})
        if hasattr(yaml, "CSafeLoader")
        else StrictLoader
    )

LOADER_CLASS: type[StrictLoader] = FastStrictLoader
"""The loader compose uses; tests swap in StrictLoader to check the pure-Python path."""


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def compose(path: Path, name: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The file's root node, or the one problem that stops it being read at all."""

    def refuse(line: int, column: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, column, "", message)]

    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        return refuse(1, 1, f"cannot read the file: {error.strerror or error}")
    if len(data) > MAX_BYTES:
        return refuse(1, 1, "is larger than 1 MiB; a routine file is a few kilobytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[start : error.start].decode("utf-8", "replace")) + 1
        byte = data[error.start]
        return refuse(line, column, f"is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8")
    text = text.removeprefix("\ufeff")
    bad = _UNPRINTABLE.search(text)
    if bad is not None:
        line, column = _position(text, bad.start())
        code = f"U+{ord(bad.group()):04X}"
        return refuse(line, column, f"holds the control character {code}, which YAML forbids")
    try:
        return yaml.compose(text, Loader=LOADER_CLASS), []
    except _RefusedError as refused:
        return refuse(refused.mark.line + 1, refused.mark.column + 1, refused.message)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if mark is not None and "maximum nesting depth" in str(error.problem):
            # libyaml's own limit (1000), met first when a flow collection is scanned ahead.
            return refuse(mark.line + 1, mark.column + 1, _TOO_DEEP)
        message = f"is not valid YAML: {error.problem or error.context}"
        if error.context and error.problem and error.context_mark is not None:
            message += f" ({error.context} on line {error.context_mark.line + 1})"
        if mark is None:
            return refuse(1, 1, message)
        return refuse(mark.line + 1, mark.column + 1, message)
    except yaml.YAMLError as error:
        return refuse(1, 1, f"is not valid YAML: {error}")
