"""Find, read and validate persona files; errors name the file, the field and the problem."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from propersim_gym.personas.schema import Persona

DATA_DIR = Path(__file__).parent / "data"


class PersonaFileError(ValueError):
    """A persona file that cannot be read or does not match the schema."""


def read_persona_file(path: str | Path) -> Persona:
    """Read and validate one persona JSON file."""
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PersonaFileError(f"{path}: no such persona file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise PersonaFileError(f"{path}: not valid JSON: {err}") from None
    try:
        return Persona.model_validate(raw)
    except ValidationError as err:
        problems = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in err.errors()
        )
        raise PersonaFileError(f"{path}: {problems}") from None


@cache
def _bundled() -> dict[int, Persona]:
    personas = [read_persona_file(p) for p in sorted(DATA_DIR.glob("*.json"))]
    by_id = {p.id: p for p in personas}
    if len(by_id) != len(personas):
        raise PersonaFileError(f"{DATA_DIR}: two bundled persona files share an id")
    return dict(sorted(by_id.items()))


def list_personas() -> list[Persona]:
    """The bundled personas, by id."""
    return list(_bundled().values())


def load(ref: int | str | Path | Persona) -> Persona:
    """A persona by id (1-32), by name (case-insensitive), from a file path, or passed through."""
    if isinstance(ref, Persona):
        return ref
    if isinstance(ref, bool):
        raise TypeError("persona must be an id, a name, a path or a Persona, not a bool")
    if isinstance(ref, int):
        try:
            return _bundled()[ref]
        except KeyError:
            ids = f"{min(_bundled())}-{max(_bundled())}"
            raise KeyError(f"no bundled persona with id {ref}; ids are {ids}") from None
    if isinstance(ref, Path) or (isinstance(ref, str) and ref.endswith(".json")):
        return read_persona_file(ref)
    if isinstance(ref, str):
        if ref.strip().isdigit():
            return load(int(ref))
        wanted = ref.strip().casefold()
        for persona in _bundled().values():
            if persona.name.casefold() == wanted:
                return persona
        raise KeyError(f"no bundled persona named {ref!r}")
    raise TypeError(f"persona must be an id, a name, a path or a Persona, not {type(ref).__name__}")
