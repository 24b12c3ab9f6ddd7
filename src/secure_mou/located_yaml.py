"""YAML that remembers where each value stood, for messages that name file:line: field.

Rule files and the config are both read this way, so that a user who mistypes a rule id
or a date is told the file, the line and the field, never shown a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import SecureMouError

YamlPath = tuple[str | int, ...]  # keys and indexes from the document root

# A rulebook file is tens of KB and a config a few hundred bytes; past this a file is a
# mistake (or an attack) and is refused before it is parsed.
MAX_YAML_BYTES = 1024 * 1024
# Aliases (*name) repeat an anchored value, and nested ones expand exponentially: a
# 500-byte "billion laughs" took 6 GB. The default rulebook uses a few, so expansion is
# bounded instead of refused: the whole default rulebook is ~9,000 values.
MAX_YAML_VALUES = 200_000
MAX_YAML_DEPTH = 64


def load_located(path: Path, shown: str, error: type[SecureMouError], what: str,
                 loader: type[yaml.SafeLoader] = yaml.SafeLoader
                 ) -> tuple[Any, dict[YamlPath, int]]:
    """Parse ``path``; return the data and the 1-based line of every value by its path.

    Errors raise ``error`` with ``shown`` (the name to print) and the line; ``what`` names
    the kind of file ("rule file", "config") in the message."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_YAML_BYTES + 1)
        if len(raw) > MAX_YAML_BYTES:
            raise error(f"{shown}: the {what} is over the {MAX_YAML_BYTES:,}-byte limit")
        text = raw.decode("utf-8")
        node = yaml.compose(text, Loader=loader)
    except RecursionError as err:
        raise error(f"{shown}: the {what} is nested too deeply") from err
    except (OSError, UnicodeDecodeError) as err:
        raise error(f"{shown}: cannot read {what}: {err}") from err
    except yaml.YAMLError as err:
        raise error(f"{_mark(shown, err)}: invalid YAML: {getattr(err, 'problem', err)}"
                    ) from err
    constructor = loader("")
    lines: dict[YamlPath, int] = {}
    converted = [0]  # values built so far, aliases counted each time they are expanded

    def convert(n: Any, at: YamlPath) -> Any:
        lines[at] = n.start_mark.line + 1
        converted[0] += 1
        if converted[0] > MAX_YAML_VALUES:
            raise error(f"{shown}: the {what} expands to more than {MAX_YAML_VALUES:,} "
                        "values (nested YAML aliases?)", hint="write the values out plainly")
        if len(at) > MAX_YAML_DEPTH:
            raise error(f"{shown}:{lines[at]}: the {what} is nested too deeply")
        if isinstance(n, yaml.MappingNode):
            out = {}
            for key_node, value_node in n.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise error(f"{shown}:{key_node.start_mark.line + 1}: a key must be a "
                                "plain value, not a list or mapping")
                key = str(constructor.construct_object(key_node, deep=True))
                out[key] = convert(value_node, (*at, key))
            return out
        if isinstance(n, yaml.SequenceNode):
            return [convert(v, (*at, i)) for i, v in enumerate(n.value)]
        return constructor.construct_object(n, deep=True)

    try:
        return (convert(node, ()) if node is not None else {}), lines
    except yaml.YAMLError as err:
        raise error(f"{_mark(shown, err)}: invalid YAML value: {err}") from err


def _mark(shown: str, err: yaml.YAMLError) -> str:
    mark = getattr(err, "problem_mark", None)
    return f"{shown}:{mark.line + 1}" if mark else shown


def where(shown: str, lines: dict[YamlPath, int], at: YamlPath) -> str:
    """``file:line`` of the value at ``at``, or of its nearest enclosing value."""
    for cut in range(len(at), -1, -1):
        if at[:cut] in lines:
            return f"{shown}:{lines[at[:cut]]}"
    return shown


def field_name(at: YamlPath) -> str:
    """``rules[3].match.met[0].all`` for a path."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"
