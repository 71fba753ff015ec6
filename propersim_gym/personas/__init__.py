"""The 32 Big-Five personas: schema, bundled files, a procedural generator and an importer."""

from propersim_gym.personas.generator import generate_persona
from propersim_gym.personas.importer import import_official, import_official_all
from propersim_gym.personas.loader import PersonaFileError, list_personas, load, read_persona_file
from propersim_gym.personas.schema import BigFive, Persona, Rubric

__all__ = [
    "BigFive",
    "Persona",
    "PersonaFileError",
    "Rubric",
    "generate_persona",
    "import_official",
    "import_official_all",
    "list_personas",
    "load",
    "read_persona_file",
]
