"""Parse YAML into nodes and turn them into plain Python within limits.

Nothing here constructs objects from tags: the composer only builds nodes, and the
converter below knows the standard scalar and collection tags and refuses every other.
Positions are 1-based (line, column) pairs; libyaml counts columns in characters.
"""

from __future__ import annotations

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

MAX_DEPTH = 20
MAX_ALIAS_NODES = 10_000

Spot = tuple[int, int, str]  # line, column (both 1-based) and message

_T = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = _T + "str", _T + "int", _T + "float", _T + "bool", _T + "null"
TIMESTAMP, BINARY, VALUE, MERGE = _T + "timestamp", _T + "binary", _T + "value", _T + "merge"
SEQ, MAP, SET, OMAP, PAIRS = _T + "seq", _T + "map", _T + "set", _T + "omap", _T + "pairs"

_CONSTRUCTOR = SafeConstructor()
_CONSTRUCT = {
    INT: _CONSTRUCTOR.construct_yaml_int,
    FLOAT: _CONSTRUCTOR.construct_yaml_float,
    TIMESTAMP: _CONSTRUCTOR.construct_yaml_timestamp,
    BINARY: _CONSTRUCTOR.construct_yaml_binary,
}
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, BINARY, VALUE, "!"}
_TYPE_NAMES = {INT: "a whole number", FLOAT: "a number", TIMESTAMP: "a date", BINARY: "base64"}


class Refused(Exception):
    """The document breaks a limit (depth, aliases); converting it stops at once."""

    def __init__(self, spot: Spot, node: Node | None = None) -> None:
        super().__init__(spot[2])
        self.spot = spot
        self.node = node  # for depth: the node too deep, to tell a self-referring alias
        self.ancestors: list[Node] = []


def compose(data: bytes) -> Node | None:
    """Parse one YAML document into nodes (None for an empty document)."""
    return yaml.compose(data, Loader=Loader)


def position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def show_tag(tag: str) -> str:
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


class Converter:
    """Turn a node tree into dicts, lists and scalars as YAML 1.1 safe-load would.

    Mapping keys stay the text they were written as (`yes:` is the key "yes"), since every
    key in a bank is a field name. Aliases share the converted value; each reuse counts the
    nodes it stands for towards MAX_ALIAS_NODES, so alias bombs stop before they expand.
    """

    def __init__(self) -> None:
        self.spots: list[Spot] = []
        self.bad_tags = False
        self._done: dict[int, object] = {}
        self._sizes: dict[int, int] = {}
        self._expanded = 0

    def convert_document(self, root: Node) -> object:
        """Convert a whole document; raise Refused when it breaks a limit."""
        try:
            return self.convert(root)
        except Refused as refused:
            if refused.node is not None and any(n is refused.node for n in refused.ancestors):
                line, column, _ = refused.spot
                message = (
                    "an alias refers to the mapping or list it is inside, so it would"
                    " contain itself without end; remove the alias"
                )
                raise Refused((line, column, message)) from None
            raise

    def convert(self, node: Node, depth: int = 1) -> object:
        if node.__class__ is ScalarNode:
            if node.tag == STR:
                return node.value
            return self._scalar(node)
        done = self._done.get(id(node))
        if done is not None:
            self._expanded += self._size(node)
            if self._expanded > MAX_ALIAS_NODES:
                raise Refused(
                    (
                        *position(node),
                        f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes; a bank may"
                        " not repeat this much through aliases (is this an alias bomb?)",
                    )
                )
            return done
        if depth > MAX_DEPTH:
            message = f"nested more than {MAX_DEPTH} levels deep: a bank may nest mappings"
            raise Refused(
                (*position(node), f"{message} and lists at most {MAX_DEPTH} levels"), node
            )
        try:
            if node.__class__ is MappingNode:
                value = self._mapping(node, depth + 1)
            else:
                value = self._sequence(node, depth + 1)
        except Refused as refused:
            refused.ancestors.append(node)  # costs nothing unless a limit is hit
            raise
        self._done[id(node)] = value
        return value

    def _scalar(self, node: ScalarNode) -> object:
        tag = node.tag
        text = node.value
        if tag == INT and text.isdigit() and (text[0] != "0" or len(text) == 1):
            return int(text)
        if tag == NULL:
            return None
        if tag == BOOL:
            return SafeConstructor.bool_values[text.lower()]
        if tag in (VALUE, "!"):
            return text
        construct = _CONSTRUCT.get(tag)
        if construct is None:
            return self._bad_tag(node)
        try:
            return construct(node)
        except (ValueError, TypeError, yaml.YAMLError) as error:
            if tag == TIMESTAMP:
                return text  # such as 2024-13-01: a date field says it is no date
            self.spots.append(
                (*position(node), f"{text!r} is not {_TYPE_NAMES[tag]} ({error})"),
            )
            return None

    def _mapping(self, node: MappingNode, depth: int) -> object:
        if node.tag not in (MAP, SET, "!"):
            return self._bad_tag(node)
        result: dict[object, object] = {}
        merges: list[Node] = []
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self.spots.append((*position(key_node), "a key must be plain text"))
                continue
            key = key_node.value
            if key_node.tag != STR:
                if key_node.tag == MERGE:
                    merges.append(value_node)
                    continue
                if key_node.tag not in _SCALAR_TAGS:
                    self._bad_tag(key_node)
            if key in result:
                self._duplicate(node, key_node)
            result[key] = self.convert(value_node, depth)
        if merges:
            result = self._merge(merges, depth) | result
        if node.tag == SET:
            return list(result)
        return result

    def _sequence(self, node: SequenceNode, depth: int) -> object:
        tag = node.tag
        if tag == SEQ or tag == "!":
            convert = self.convert
            return [convert(item, depth) for item in node.value]
        if tag in (OMAP, PAIRS):
            items = [self.convert(item, depth) for item in node.value]
            if all(isinstance(item, dict) and len(item) == 1 for item in items):
                pairs = [next(iter(item.items())) for item in items]  # type: ignore[union-attr]
                return dict(pairs) if tag == OMAP else pairs
            self.spots.append((*position(node), f"{show_tag(tag)} needs a list of key: value"))
            return None
        return self._bad_tag(node)

    def _merge(self, merges: list[Node], depth: int) -> dict[object, object]:
        """Apply `<<:` merge keys: explicit keys win, and earlier merged mappings win."""
        sources: list[Node] = []
        for merge in merges:
            sources.extend(merge.value if merge.__class__ is SequenceNode else [merge])
        if any(source.__class__ is not MappingNode for source in sources):
            self.spots.append(
                (*position(merges[0]), "a merge key (<<) needs a mapping or a list of mappings")
            )
            return {}
        merged: dict[object, object] = {}
        for source in reversed(sources):
            value = self.convert(source, depth)
            if isinstance(value, dict):
                merged.update(value)
        return merged

    def _duplicate(self, mapping: MappingNode, key_node: ScalarNode) -> None:
        first = next(k for k, _ in mapping.value if k.value == key_node.value)
        self.spots.append(
            (
                *position(key_node),
                f"the key {key_node.value!r} is given twice in this mapping (first on line"
                f" {first.start_mark.line + 1}); remove one of them",
            )
        )

    def _bad_tag(self, node: Node) -> None:
        self.bad_tags = True
        self.spots.append(
            (
                *position(node),
                f"the tag {show_tag(node.tag)!r} is not allowed: a bank may use only the"
                " standard YAML types (no tags that construct Python objects); remove the tag",
            )
        )

    def _size(self, node: Node) -> int:
        size = self._sizes.get(id(node))
        if size is None:
            if node.__class__ is MappingNode:
                size = 1 + sum(self._size(k) + self._size(v) for k, v in node.value)
            elif node.__class__ is SequenceNode:
                size = 1 + sum(self._size(item) for item in node.value)
            else:
                size = 1
            self._sizes[id(node)] = size
        return size
