"""Which code a wheel holds: everything (the source checkout, the demo), or one part.

`KC1551_PART=desktop python -m pip wheel --no-deps .` builds the operators'
desktop alone, `KC1551_PART=server` the central API alone: the other part's
code is not in the wheel (the extras name each part's dependencies). Metadata
and dependencies live in pyproject.toml.
"""

import os
import shutil

from setuptools import find_packages, setup

SHARED = ["kc1551_common", "kc1551_resources"]
PARTS = {
    "desktop": ["operator_app", *SHARED],
    "server": ["server_api", *SHARED],
    "": ["operator_app", "server_api", "kc1551_demo", *SHARED],
}
SCRIPTS = {
    "desktop": ["kc1551-desktop = operator_app.__main__:main",
                "kc1551-softphone = operator_app.telephony.__main__:main"],
    "server": ["kc1551-api = server_api.__main__:main"],
}

part = os.environ.get("KC1551_PART", "")
if part not in PARTS:
    raise SystemExit(f"KC1551_PART={part!r}: expected desktop, server or nothing")
if part:
    # An in-tree build reuses build/lib: the other part's code left there by the
    # previous build would end up in this wheel.
    shutil.rmtree("build", ignore_errors=True)
roots = PARTS[part]
code = [root for root in roots if root != "kc1551_resources"]
packages = [*find_packages(include=[f"{root}*" for root in code]), "kc1551_resources"]
scripts = SCRIPTS.get(part) or [*SCRIPTS["desktop"], *SCRIPTS["server"]]
resources = ["*.json", "*.md", "translations/*", "icons/*"]
# The demo's invented citizens, its recorded voices and the test PBX's configuration
# are not the product's: a part wheel leaves them out.
demo_resources = ["pbx/*", "voices/*"]

setup(
    packages=packages,
    package_dir={"kc1551_resources": "resources"},
    package_data={
        "kc1551_resources": resources if part else [*resources, *demo_resources],
        "operator_app": ["scripts/*.json"],
        "server_api": ["**/*.sql", "migrations/*.mako", "API.md", "ratings/static/*"],
    },
    # include-package-data would still bring in what MANIFEST.in lists.
    exclude_package_data={"kc1551_resources": ["demo.json", *demo_resources]} if part else {},
    entry_points={"console_scripts": scripts},
)
