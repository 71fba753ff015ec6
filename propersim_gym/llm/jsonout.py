"""Structured output: find the first JSON object in model text and check it against a small JSON Schema.

Small models wrap JSON in prose or code fences, add trailing commas or stop mid-object. We take
the first decodable ``{...}`` in the text and validate it against the subset of JSON Schema that
our prompts use (object/array/string/integer/number/boolean, properties, required, enum,
minimum/maximum, minItems/maxItems, items). Anything else is a clear error message the caller can
feed back to the model when it re-asks.
"""

from __future__ import annotations

import json
import re
from typing import Any

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# A value that ends a line followed by a line that starts a new key or item: a comma was forgotten.
_MISSING_COMMA = re.compile(r'("|\d|true|false|null|[}\]])(\s*\n\s*)(["{\[])')


def _repairs(chunk: str) -> list[str]:
    """The text as is, then with the two commonest small-model slips fixed (trailing/missing commas)."""
    no_trailing = _TRAILING_COMMA.sub(r"\1", chunk)
    return [chunk, no_trailing, _MISSING_COMMA.sub(r"\1,\2\3", no_trailing)]


class SchemaViolation(ValueError):
    """A JSON value that does not match the requested schema (the message says where and why)."""


def json_object_end(text: str) -> int | None:
    """Index just past the first complete top-level ``{...}`` in ``text`` (strings respected), or None."""
    depth, in_string, escaped, started = 0, False, False, False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
            started = True
        elif ch == "}" and started:
            depth -= 1
            if depth == 0:
                return i + 1
    return None


def extract_json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object found in ``text`` (inside a code fence or bare), or None."""
    candidates = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for chunk in candidates:
        for start in (i for i, ch in enumerate(chunk) if ch == "{"):
            for attempt in _repairs(chunk[start:]):
                try:
                    value, _ = decoder.raw_decode(attempt)
                except json.JSONDecodeError:
                    continue
                if isinstance(value, dict):
                    return value
    return None


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> None:
    """Raise SchemaViolation unless ``value`` matches ``schema`` (the subset described above)."""
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        ok = any(
            isinstance(value, _TYPES[k]) and not (k in ("integer", "number") and isinstance(value, bool))
            for k in kinds
        )
        if not ok:
            raise SchemaViolation(f"{path}: expected {'/'.join(kinds)}, got {type(value).__name__}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaViolation(f"{path}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaViolation(f"{path}: {value} is below the minimum {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            raise SchemaViolation(f"{path}: {value} is above the maximum {schema['maximum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                raise SchemaViolation(f"{path}: missing required key {key!r}")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                validate(value[key], sub, f"{path}.{key}")
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            raise SchemaViolation(f"{path}: needs at least {schema['minItems']} items, got {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            raise SchemaViolation(f"{path}: allows at most {schema['maxItems']} items, got {len(value)}")
        if "items" in schema:
            for i, item in enumerate(value):
                validate(item, schema["items"], f"{path}[{i}]")


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """Loosen obvious near-misses before validation: "1" -> 1 for integers, "true" -> True for booleans."""
    kind = schema.get("type")
    if kind == "integer" and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "boolean" and isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    if isinstance(value, dict) and "properties" in schema:
        return {k: coerce(v, schema["properties"].get(k, {})) for k, v in value.items()}
    if isinstance(value, list) and "items" in schema:
        return [coerce(v, schema["items"]) for v in value]
    return value


def parse_structured(text: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The first JSON object in ``text``, coerced and validated; SchemaViolation saying why otherwise."""
    found = extract_json_object(text)
    if found is None:
        raise SchemaViolation("no JSON object found in the answer")
    value = coerce(found, schema)
    validate(value, schema)
    return value


def schema_example(schema: dict[str, Any]) -> Any:
    """A small example value of ``schema`` (first enum value, 0, "...", one array item), to show its shape."""
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        return {k: schema_example(v) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [schema_example(schema.get("items", {}))]
    return {"integer": 0, "number": 0, "boolean": False, "null": None}.get(str(kind), "...")


def server_schema(schema: Any) -> Any:
    """``schema`` without "examples" (prompt-only hints some servers reject in a response schema)."""
    if isinstance(schema, dict):
        return {k: server_schema(v) for k, v in schema.items() if k != "examples"}
    if isinstance(schema, list):
        return [server_schema(v) for v in schema]
    return schema


def schema_instruction(schema: dict[str, Any]) -> str:
    """The sentence appended to a prompt that asks for JSON of ``schema``'s shape (an example, not the
    schema itself: small models copy a schema instead of filling it in)."""
    return "Answer with one JSON object only, no other text, shaped like: " + json.dumps(
        schema_example(schema)
    )
