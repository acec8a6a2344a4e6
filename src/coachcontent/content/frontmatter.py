"""Front matter: YAML between ``---`` lines or TOML between ``+++`` lines, with line numbers."""

from __future__ import annotations

import functools
import re
import tomllib
from typing import Any

import yaml
from attrs import frozen

try:  # the C loader is several times faster; fall back to pure Python
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Front matter may not expand (through YAML aliases) into more values than this.
MAX_VALUES = 100_000
#: Nor nest deeper than this.
MAX_DEPTH = 100
_TOML_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_\-]+))\s*=""")
_TOML_LINE = re.compile(r"at line (\d+)")
_TOML_WHERE = re.compile(r"\s*\(at [^)]*\)?\s*$")


class _Loader(_BaseLoader):
    """The safe loader, except that a date that does not exist stays a string.

    ``date: 2023-02-30`` then reaches the field's own check, which reports it
    with the key's line, instead of failing the whole front matter.
    """


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):  # AttributeError: ``!!timestamp`` on a non-date
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


# -- the fast path for the usual front matter -----------------------------------
#
# Most front matter is a few ``key: value`` lines: plain scalars, quoted strings
# without escapes, flow lists of those.  Such text is read here without
# building YAML nodes, with the loader's own resolver (so ``yes``, ``010`` and
# ``2024-03-01`` mean what they mean to it) and constructors (so values are
# the same objects).  Every other line shape (indentation, block lists,
# comments, anchors, tags, escapes, multi-line values, duplicate keys...)
# goes to the full loader, which also gives the errors.

#: Characters that are line breaks, tabs or otherwise special to a YAML reader.
_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_SIMPLE_KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?")
_DOUBLE_QUOTED = r'"[^"\\]*"'
_SINGLE_QUOTED = r"'[^']*'"
_SIMPLE_QUOTED = re.compile(f"{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}")
_FLOW_PLAIN = r"[A-Za-z0-9_][A-Za-z0-9_.-]*"
_FLOW_ITEM = f"(?:{_DOUBLE_QUOTED}|{_SINGLE_QUOTED}|{_FLOW_PLAIN})"
_SIMPLE_FLOW_LIST = re.compile(f"\\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\\]")
_FLOW_ITEMS = re.compile(_FLOW_ITEM)
#: A plain scalar: no indicator first, no comment, no ``: `` inside, no ``:`` at the end.
_SIMPLE_PLAIN = re.compile(r"[A-Za-z0-9_.(/\u00a0-\U0010ffff](?:[^#:]|:(?! |$))*")
_STR = "tag:yaml.org,2002:str"


class _ScalarResolver(yaml.resolver.BaseResolver):
    """The loader's implicit typing of plain scalars, without a parser around it."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    yaml_path_resolvers = _Loader.yaml_path_resolvers


_RESOLVER = _ScalarResolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _tag(text: str) -> str:
    """The tag the loader gives the plain scalar ``text``."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag


@functools.lru_cache(maxsize=256)
def _is_text(key: str) -> bool:
    """Whether the plain scalar ``key`` is a string (``on`` and ``null`` are not)."""
    return _tag(key) == _STR


def _plain(text: str) -> Any:
    tag = _tag(text)
    if tag == _STR:
        return text
    construct = _Loader.yaml_constructors.get(tag)
    if construct is None:  # merge keys and the like: not a plain value
        raise _NotSimple
    return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, text))


def _scalar(text: str) -> Any:
    if text[0] in "\"'":
        return text[1:-1]  # no escapes: the text between the quotes
    return _plain(text)


class _NotSimple(Exception):
    """The front matter needs the full YAML loader."""


def _parse_simple_yaml(source: str) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The front matter read by the fast path, or ``None`` when it needs the full loader."""
    if _NOT_SIMPLE.search(source):
        return None
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    try:
        for number, line in enumerate(source.split("\n"), start=2):
            if not line.strip(" "):
                continue
            match = _SIMPLE_KEY_LINE.fullmatch(line)
            if match is None:
                return None
            key, text = match.group(1), (match.group(2) or "").strip(" ")
            if key in data or not _is_text(key):
                return None
            if not text:
                value: Any = _plain("")
            elif text[0] in "\"'":
                if _SIMPLE_QUOTED.fullmatch(text) is None:
                    return None
                value = text[1:-1]
            elif text[0] == "[":
                if _SIMPLE_FLOW_LIST.fullmatch(text) is None:
                    return None
                value = [_scalar(item) for item in _FLOW_ITEMS.findall(text)]
            elif _SIMPLE_PLAIN.fullmatch(text):
                value = _plain(text)
            else:
                return None
            data[key] = value
            key_lines[key] = number
    except (_NotSimple, ValueError, TypeError, AttributeError, OverflowError, yaml.YAMLError):
        return None  # the full loader reports it
    return (data, key_lines) if data else None


class FrontMatterError(ValueError):
    """Front matter that cannot be read; ``line`` is the file's line number."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@frozen(kw_only=True)
class Document:
    """A content file split into its front matter and body.

    :param data: the front matter's keys and values.
    :param lines: the file line of each top-level key.
    :param body: the text after the front matter.
    :param body_line: the file line where the body starts.
    """

    data: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


def parse_document(text: str) -> Document:
    """Split ``text`` into front matter and body and parse the front matter.

    A file without front matter has an empty ``data``.  Raises
    :class:`FrontMatterError` with the file's line when the front matter is
    unterminated, malformed or not a mapping.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    first = text.split("\n", 1)[0].rstrip("\r")
    if first.strip() not in ("---", "+++"):
        return Document(data={}, lines={}, body=text, body_line=1)
    fence = first.strip()
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r").rstrip() == fence:
            end = index
            break
    else:
        raise FrontMatterError(1, f"front matter opened with {fence} on line 1 is never closed")
    source = "\n".join(line.rstrip("\r") for line in lines[1:end])
    body = "\n".join(lines[end + 1 :])
    if fence == "---":
        data, key_lines = _parse_yaml(source)
    else:
        data, key_lines = _parse_toml(source)
    return Document(data=data, lines=key_lines, body=body, body_line=end + 2)


def _parse_yaml(source: str) -> tuple[dict[str, Any], dict[str, int]]:
    simple = _parse_simple_yaml(source)
    if simple is not None:
        return simple
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_nodes(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark is not None else 2
        problem = error.problem or str(error)
        context = f" ({error.context})" if error.context else ""
        raise FrontMatterError(line, f"invalid YAML: {problem}{context}") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(2, f"invalid YAML: {error}") from None
    except (ValueError, TypeError, AttributeError, OverflowError) as error:
        if isinstance(error, FrontMatterError):
            raise
        # A tagged value that cannot be built, e.g. ``!!int x``.
        raise FrontMatterError(_failing_line(source), f"invalid YAML value: {error}") from None
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise FrontMatterError(2, f"front matter must be a mapping of keys to values, not {type(data).__name__}")
    key_lines: dict[str, int] = {}
    assert node is not None
    for key_node, _ in node.value:
        key_lines[str(key_node.value)] = key_node.start_mark.line + 2
    return {str(key): value for key, value in data.items()}, key_lines


def _check_nodes(root: yaml.Node) -> None:
    """Refuse duplicate keys, aliases that contain themselves and alias bombs.

    Sizes are counted once per node, so the walk is linear in the text even
    when aliases would expand it a billion times.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        line = node.start_mark.line + 2
        if key in active:
            raise FrontMatterError(line, "invalid YAML: an alias refers to the value that contains it")
        if depth > MAX_DEPTH:
            raise FrontMatterError(line, f"invalid YAML: values nested more than {MAX_DEPTH} deep")
        active.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    name = (key_node.tag, key_node.value)
                    if name in seen:
                        raise FrontMatterError(
                            key_node.start_mark.line + 2,
                            f"duplicate key {key_node.value!r} (first on line {seen[name]})",
                        )
                    seen[name] = key_node.start_mark.line + 2
                total += size(key_node, depth + 1) + size(value_node, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        active.discard(key)
        sizes[key] = total
        if total > MAX_VALUES:
            raise FrontMatterError(line, f"invalid YAML: expands to more than {MAX_VALUES} values (through aliases)")
        return total

    size(root, 0)


def _failing_line(source: str) -> int:
    """The file line of the top-level key whose value cannot be built (2 when unknown)."""
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else ():
            try:
                loader.construct_object(value_node, deep=True)
            except (ValueError, TypeError, AttributeError, OverflowError, yaml.YAMLError):
                return int(key_node.start_mark.line) + 2
    except yaml.YAMLError:  # pragma: no cover - the text parsed a moment ago
        pass
    finally:
        loader.dispose()
    return 2


def _parse_toml(source: str) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        match = _TOML_LINE.search(str(error))
        if match:
            line = int(match.group(1)) + 1
        elif "end of document" in str(error):
            line = source.count("\n") + 2  # the last line of the front matter
        else:
            line = 2
        message = _TOML_WHERE.sub("", str(error))
        raise FrontMatterError(line, f"invalid TOML: {message}") from None
    key_lines: dict[str, int] = {}
    for number, line_text in enumerate(source.split("\n"), start=2):
        if line_text.lstrip().startswith("["):
            break  # keys after a table header belong to that table
        match = _TOML_KEY.match(line_text)
        if match:
            key = next(group for group in match.groups() if group)
            key_lines.setdefault(key, number)
    return data, key_lines
