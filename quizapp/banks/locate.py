"""Find the node that a validation error's location points at, to report its line."""

from __future__ import annotations

from typing import NamedTuple

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlnodes import MERGE


class Found(NamedTuple):
    """Where a path leads: the key and value of its last step that exists in the file."""

    key: Node | None  # None when the last step was a list index or the root
    value: Node
    complete: bool  # False when part of the path is not in the file (a missing field)

    @property
    def node(self) -> Node:
        """Where a reader looks: the key for a list or mapping, the value for a scalar."""
        if self.key is not None and self.value.__class__ is not ScalarNode:
            return self.key
        return self.value


def find(root: Node, loc: tuple[str | int, ...]) -> Found:
    """Follow `loc` (keys and list indices) from the root as far as the file goes."""
    key: Node | None = None
    node: Node = root
    for part in loc:
        pair = None
        if node.__class__ is MappingNode and isinstance(part, str):
            pair = _lookup(node, part)
        elif node.__class__ is SequenceNode and isinstance(part, int) and part < len(node.value):
            pair = None, node.value[part]
        if pair is None:
            return Found(key, node, complete=False)
        key, node = pair
    return Found(key, node, complete=True)


def _lookup(mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
    """The last pair with this key (the one that counts), searching merged mappings too."""
    for key_node, value_node in reversed(mapping.value):
        if key_node.__class__ is ScalarNode and key_node.value == key and key_node.tag != MERGE:
            return key_node, value_node
    for key_node, value_node in mapping.value:
        if key_node.__class__ is ScalarNode and key_node.tag == MERGE:
            sources = value_node.value if value_node.__class__ is SequenceNode else [value_node]
            for source in sources:
                if source.__class__ is MappingNode:
                    pair = _lookup(source, key)
                    if pair is not None:
                        return pair
    return None
