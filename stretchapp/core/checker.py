"""Checking YAML nodes: values by the kinds spec.py declares, every problem with its place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from stretchapp.core.field_kinds import ListOf, Record, SpecError
from stretchapp.core.strict_yaml import Problem
from stretchapp.core.wording import control_character, or_list, shown, suggest

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Bad:
    """A value that had a problem (already reported)."""


BAD = Bad()

_SHAPES = {
    yaml.ScalarNode: "a single value",
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a mapping",
}


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return f"{shown(node.value)}" if node.value else "nothing"
    return _SHAPES.get(type(node), "something else")


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def _is_null(node: yaml.ScalarNode) -> bool:
    return node.style in (None, "") and node.value in _NULLS


@dataclass
class Found:
    """A checked mapping: its good values and where every key and value is."""

    node: yaml.MappingNode
    values: dict[str, Any]
    keys: dict[str, yaml.Node]
    nodes: dict[str, yaml.Node]


class Checker:
    """Checks the nodes of one file, collecting its problems; a bad value comes back as BAD."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(self, node: yaml.Node, key: str, message: str) -> None:
        """Report a problem at the node's place."""
        mark = node.start_mark
        self.problems.append(Problem(self.name, mark.line + 1, mark.column + 1, key, message))

    def value(self, node: yaml.Node, kind: Any, key: str, example: str = "") -> Any:
        """The node's value as `kind` reads it (a Found for a record), or BAD."""
        if isinstance(kind, Record):
            return self.record(node, kind, key)
        if isinstance(node, yaml.ScalarNode) and _is_null(node):
            hint = f"; write e.g. '{key.rpartition('.')[2]}: {example}'" if example else ""
            self.add(node, key, f"has no value{hint}")
            return BAD
        if isinstance(kind, ListOf):
            return self.sequence(node, kind, key)
        if not isinstance(node, yaml.ScalarNode):
            self.add(node, key, f"must be a single value, got {_shape(node)}")
            return BAD
        control = control_character(node.value)
        if control is not None:
            # after YAML's unescaping: "\e[2J" in double quotes would reach a terminal
            self.add(node, key, f"has the control character {control}; remove it")
            return BAD
        try:
            return kind.parse(node.value)
        except SpecError as error:
            self.add(node, key, str(error))
            return BAD

    def sequence(self, node: yaml.Node, kind: ListOf, key: str) -> Any:
        """A list's good items as a tuple, or BAD when the list itself is wrong."""
        if not isinstance(node, yaml.SequenceNode):
            like = f" like {kind.example}" if kind.example else ""
            self.add(node, key, f"must be a list{like}, got {_shape(node)}")
            return BAD
        items = node.value
        if len(items) < kind.min_items:
            self.add(node, key, f"must have at least {kind.min_items} item(s)")
            return BAD
        if len(items) > kind.max_items:
            self.add(node, key, f"has {len(items)} items; at most {kind.max_items} are allowed")
            return BAD
        out = []
        for index, item in enumerate(items):
            value = self.value(item, kind.item, f"{key}[{index}]")
            if value is not BAD:
                out.append(value)
        return tuple(out)

    def mapping(
        self, node: yaml.Node, key: str, what: str
    ) -> list[tuple[yaml.ScalarNode, yaml.Node]] | None:
        """The key and value nodes of a mapping, without duplicate or non-text keys."""
        if not isinstance(node, yaml.MappingNode):
            self.add(node, key, f"must be a mapping of {what}, got {_shape(node)}")
            return None
        pairs = []
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.add(key_node, key, f"keys must be plain words, got {_shape(key_node)}")
                continue
            first = seen.get(key_node.value)
            if first is not None:
                self.add(
                    key_node,
                    _join(key, key_node.value),
                    f"duplicate key; it is already set on line {first.start_mark.line + 1}",
                )
                continue
            seen[key_node.value] = key_node
            pairs.append((key_node, value_node))
        return pairs

    def record(self, node: yaml.Node, record: Record, key: str) -> Found | Bad:
        """A mapping checked key by key and by the record's rules across keys."""
        pairs = self.mapping(node, key, "keys to values")
        if pairs is None:
            return BAD
        assert isinstance(node, yaml.MappingNode)
        found = Found(node, {}, {}, {})
        for key_node, value_node in pairs:
            name = key_node.value
            field = record.by_name.get(name)
            if field is None:
                hint = suggest(name, record.names) or (
                    f"; expected one of {', '.join(record.names)}"
                )
                self.add(key_node, _join(key, name), f"unknown key {name!r}{hint}")
                continue
            found.keys[name] = key_node
            found.nodes[name] = value_node
            value = self.value(value_node, field.kind, _join(key, name), field.example)
            if value is not BAD:
                found.values[name] = value
        self._rules(found, record, key)
        return found

    def _rules(self, found: Found, record: Record, key: str) -> None:
        keys = found.keys
        for field in record.fields:
            if field.required and field.name not in keys:
                self.add(
                    found.node,
                    _join(key, field.name),
                    f"is required; add e.g. '{field.name}: {field.example}'",
                )
        for group in record.exactly_one:
            present = self._conflicts(keys, key, group, f"use exactly one of {or_list(group)}")
            if not present:
                first = record.by_name[group[0]]
                self.add(
                    found.node,
                    key,
                    f"needs one of {or_list(group)}; add e.g. '{first.name}: {first.example}'",
                )
        for group in record.at_most_one:
            self._conflicts(keys, key, group, f"use {or_list(group)}, not both")
        for field in record.fields:
            if field.name not in keys:
                continue
            if field.only_with and not any(name in keys for name in field.only_with):
                self.add(
                    keys[field.name],
                    _join(key, field.name),
                    f"only applies to a step with {or_list(field.only_with)}",
                )
            if field.only_when:
                other, wanted = field.only_when
                got = found.values.get(other, BAD)
                if other not in keys or (got is not BAD and got != wanted):
                    self.add(
                        keys[field.name],
                        _join(key, field.name),
                        f"only applies when {other} is {wanted}",
                    )

    def _conflicts(
        self, keys: dict[str, yaml.Node], key: str, group: tuple[str, ...], advice: str
    ) -> list[str]:
        """Report every key of the group after the first one written; the ones written."""
        present = [name for name in keys if name in group]
        for extra in present[1:]:
            self.add(keys[extra], _join(key, extra), f"conflicts with {present[0]!r}: {advice}")
        return present
