"""Which Odoo modules of a source tree may go on a Community addons path.

Some Odoo source trees carry Enterprise modules (licence OEEL-1 or OPL-1) next to
the Community ones, and ``web_enterprise`` installs itself as soon as ``web``
does. The bootstrap (tools/odoo-setup) keeps a module only when its manifest
licence is an open one and every module it depends on, directly or not, is kept
too. Plain Python, no Odoo: the core tier tests it on a synthetic tree.
"""

import ast
import os
from dataclasses import dataclass, field

# The licence keys Odoo manifests use for open licences. A manifest without a
# licence is LGPL-3: that is Odoo's own default when it loads one.
OPEN_LICENCES = frozenset(
    {
        "AGPL-3",
        "GPL-2",
        "GPL-2 or any later version",
        "GPL-3",
        "GPL-3 or any later version",
        "LGPL-3",
        "Other OSI approved licence",
    }
)
DEFAULT_LICENCE = "LGPL-3"
MANIFEST = "__manifest__.py"


@dataclass
class Selection:
    """The outcome of filtering the addons directories of one source tree."""

    kept: dict = field(default_factory=dict)  # module name -> directory
    left_off: dict = field(default_factory=dict)  # module name -> (directory, why)
    not_modules: list = field(default_factory=list)  # directories with no manifest

    def summary(self):
        """Counts of what was left off, by kind of reason."""
        counts = {}
        for _path, why in self.left_off.values():
            kind = why.split(" ", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
        return counts


def read_manifest(module_dir):
    """The manifest of a module directory as a dict, or None when it has none.

    Raises ValueError when the manifest is there but is not a Python literal.
    """
    path = os.path.join(module_dir, MANIFEST)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        manifest = ast.literal_eval(text)
    except (SyntaxError, ValueError) as exc:
        raise ValueError(f"{path}: not a manifest literal ({exc})") from exc
    if not isinstance(manifest, dict):
        raise ValueError(f"{path}: the manifest is not a dict")
    return manifest


def select_community(addons_dirs):
    """Split the modules found in ``addons_dirs`` into kept and left off.

    The first directory holding a module name wins, as on Odoo's addons path.
    A module is left off when its licence is not open, when its manifest cannot
    be read, or when it depends (at any depth) on a module that is left off or
    that the tree does not have.
    """
    selection = Selection()
    depends = {}
    for addons_dir in addons_dirs:
        for name in sorted(os.listdir(addons_dir)):
            path = os.path.join(addons_dir, name)
            if name.startswith((".", "__")) or not os.path.isdir(path):
                continue
            if name in depends or name in selection.left_off:
                continue
            try:
                manifest = read_manifest(path)
            except ValueError as exc:
                selection.left_off[name] = (path, f"unreadable manifest: {exc}")
                continue
            if manifest is None:
                selection.not_modules.append(path)
                continue
            licence = manifest.get("license") or DEFAULT_LICENCE
            if licence not in OPEN_LICENCES:
                selection.left_off[name] = (path, f"licence {licence}")
                continue
            selection.kept[name] = path
            depends[name] = list(manifest.get("depends") or [])
    _drop_dependents(selection, depends)
    return selection


def _drop_dependents(selection, depends):
    """Leave off every kept module that needs one that is not kept."""
    changed = True
    while changed:
        changed = False
        for name in sorted(selection.kept):
            for dependency in depends[name]:
                if dependency in selection.kept:
                    continue
                if dependency in selection.left_off:
                    cause = _root_cause(selection, dependency)
                else:
                    cause = "not in the source"
                why = f"depends on {dependency} ({cause})"
                selection.left_off[name] = (selection.kept.pop(name), why)
                changed = True
                break


def _root_cause(selection, name):
    """The licence or missing module that put ``name`` off the path in the end."""
    why = selection.left_off[name][1]
    if why.startswith("depends on "):
        return why.split("(", 1)[1].rstrip(")")
    return why
