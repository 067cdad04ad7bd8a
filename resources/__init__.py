"""The product's data, installed as the package `kc1551_resources` (this folder).

Classifier, executors, streets, knowledge-base seed, directory and demo data for
the API; translations and icons for the desktop; the test PBX's configuration
and the demo's voices. Read through `resource_path`, never through a path
relative to some module's file: that breaks in any installed copy.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """A file or folder of this package on disk (wheels install it unpacked)."""
    found = files(__name__).joinpath(*parts)
    path = Path(str(found))
    if not path.exists():
        raise FileNotFoundError(f"kc1551_resources: {'/'.join(parts)} is not installed")
    return path
