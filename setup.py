"""pip-installs the addon as ``odoo.addons.group_dex_sessions``.

Plain setuptools: the version comes from the manifest, and no ``odoo/__init__.py``
is shipped, so the addon lands inside the Odoo 18 already installed.
"""

import ast
import os

from setuptools import setup

ADDON = "group_dex_sessions"
HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, ADDON, "__manifest__.py"), encoding="utf-8") as handle:
    MANIFEST = ast.literal_eval(handle.read())


def addon_packages():
    """Every Python package of the addon, mapped under odoo.addons."""
    packages, package_dir, package_data = [], {}, {}
    for folder, _dirs, files in os.walk(os.path.join(HERE, ADDON)):
        if "__pycache__" in folder:
            continue
        relative = os.path.relpath(folder, HERE)
        if "__init__.py" in files:
            name = "odoo.addons." + relative.replace(os.sep, ".")
            packages.append(name)
            package_dir[name] = relative
            package_data[name] = ["*"]
    return packages, package_dir, package_data


def data_folders():
    """Non-Python folders (views, data, static...) ride along as package data."""
    patterns = []
    for folder, _dirs, files in os.walk(os.path.join(HERE, ADDON)):
        if "__init__.py" in files or "__pycache__" in folder or not files:
            continue
        relative = os.path.relpath(folder, os.path.join(HERE, ADDON))
        patterns.append(os.path.join(relative, "*"))
    return patterns


PACKAGES, PACKAGE_DIR, PACKAGE_DATA = addon_packages()
PACKAGE_DATA["odoo.addons." + ADDON] = ["*"] + data_folders()

setup(
    name="odoo-addon-" + ADDON,
    version=MANIFEST["version"],
    description=MANIFEST["summary"],
    license=MANIFEST["license"],
    author=MANIFEST["author"],
    url=MANIFEST["website"],
    python_requires=">=3.10",
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    package_data=PACKAGE_DATA,
    install_requires=["lxml", "python-dateutil"],
    extras_require={
        "test": ["pytest>=8", "hypothesis>=6", "ruff==0.6.8", "pylint-odoo==9.1.3"],
        "odoo": ["pytest-odoo>=2.1"],
    },
    classifiers=[
        "Framework :: Odoo",
        "Framework :: Odoo :: 18.0",
        "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
        "Programming Language :: Python :: 3",
    ],
)
