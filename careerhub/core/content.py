"""Reads an app's sample content: TOML files in ``<app>/content/``, parsed by the standard library."""

import tomllib
from pathlib import Path


def content_dir(app_module):
    """The content folder beside ``app_module`` (pass the app package's ``__file__``)."""
    return Path(app_module).resolve().parent / "content"


def parse(path):
    """A TOML file as a dict, each string stripped (multi-line strings keep no edge newlines)."""
    with Path(path).open("rb") as handle:
        return _strip(tomllib.load(handle))


def read(app_module, name):
    """One file, ``<app>/content/<name>.toml``."""
    return parse(content_dir(app_module) / f"{name}.toml")


def read_all(app_module, folder):
    """Every ``*.toml`` in ``<app>/content/<folder>/``, in file-name order."""
    return [parse(path) for path in sorted((content_dir(app_module) / folder).glob("*.toml"))]


def _strip(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {key: _strip(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_strip(item) for item in value]
    return value
