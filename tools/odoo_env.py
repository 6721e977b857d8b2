"""Find the Odoo 18 to run and how to reach its database, from the environment.

Shared by tools/test (run_tests.py) and tools/demo:
  ODOO_BIN          path of the Odoo launcher (odoo-bin, setup/odoo, venv/bin/odoo)
  ODOO_PYTHON       a Python in which "import odoo" works (tools/test sets it when
                    the python3 that called it has Odoo)
  otherwise         "import odoo" in the running Python
  otherwise         the Odoo that tools/odoo-setup installed in the cache
                    (GDS_ODOO_HOME, default
                    ${XDG_CACHE_HOME:-~/.cache}/group_dex_sessions/odoo-18.0)
  ODOO_RC           optional Odoo config file (database connection, addons_path)
  ODOO_ADDONS_PATH  optional extra addons directories, comma separated
  ODOO_DB_HOST / ODOO_DB_PORT / ODOO_DB_USER   default 127.0.0.1 / 5432 / $PGUSER
"""

import configparser
import json
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cache_home():
    """Where tools/odoo-setup installs Odoo: per user, outside any clone."""
    if os.environ.get("GDS_ODOO_HOME"):
        return os.path.abspath(os.path.expanduser(os.environ["GDS_ODOO_HOME"]))
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(cache, "group_dex_sessions", "odoo-18.0")


def cached_odoo():
    """The state tools/odoo-setup left in the cache, or None when it has none."""
    try:
        with open(os.path.join(cache_home(), "state.json"), encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        return None
    if not os.path.isfile(state.get("launcher") or ""):
        return None
    return state


def _odoo_major(python):
    """The major version of the odoo that ``python`` imports, or None."""
    try:
        probe = subprocess.run(
            [python, "-c", "import odoo.release as r; print(r.version_info[0])"],
            capture_output=True,
            text=True,
        )
    except OSError:
        return None
    return probe.stdout.strip() if probe.returncode == 0 else None


def find_odoo():
    """Return (command prefix, description) of an Odoo 18 launcher, or (None, why).

    Looks in this order: ODOO_BIN, ODOO_PYTHON, an importable odoo, the
    bootstrapped cache.
    """
    odoo_bin = os.environ.get("ODOO_BIN")
    if odoo_bin:
        path = shutil.which(odoo_bin) or odoo_bin
        if not os.path.isfile(path):
            return None, f"ODOO_BIN={odoo_bin} is not a file"
        return [path], f"ODOO_BIN={path}"
    for python in dict.fromkeys(
        filter(None, (os.environ.get("ODOO_PYTHON"), sys.executable))
    ):
        major = _odoo_major(python)
        if major is None:
            continue
        if major != "18":
            return None, f"the odoo importable from {python} is version {major}, not 18"
        return [python, "-m", "odoo"], "odoo importable from " + python
    state = cached_odoo()
    if state:
        return [state["launcher"]], f"tools/odoo-setup's Odoo in {cache_home()}"
    return None, (
        "no Odoo 18 found (ODOO_BIN is unset, 'import odoo' fails, and "
        f"{cache_home()} holds no Odoo): run tools/odoo-setup once (ODOO_SRC=<a local "
        "Odoo 18 source> without network), or set ODOO_BIN to an Odoo 18 launcher"
    )


def odoo_python(launcher):
    """The Python that runs ``launcher`` (what find_odoo() returned), or None
    when it cannot be told (an ODOO_BIN script)."""
    if launcher[1:2] == ["-m"]:
        return launcher[0]
    state = cached_odoo()
    if state and launcher[0] == state["launcher"]:
        return state.get("python")
    return None


def launcher_args(settings):
    """Command-line options pointing Odoo at this repo and the database."""
    args = [
        f"--addons-path={settings['addons']}",
        f"--db_host={settings['host']}",
        f"--db_port={settings['port']}",
    ]
    if os.environ.get("ODOO_RC"):
        args.insert(0, f"--config={os.environ['ODOO_RC']}")
    if settings["user"]:
        args.append(f"--db_user={settings['user']}")
    if settings["password"]:
        args.append(f"--db_password={settings['password']}")
    return args


def odoo_settings(launcher=None):
    """Database connection and addons path, from ODOO_RC and the environment.

    ``launcher`` is what find_odoo() returned: the cache's Odoo brings its own
    Community addons directories.
    """
    rc = configparser.ConfigParser()
    if os.environ.get("ODOO_RC"):
        rc.read(os.environ["ODOO_RC"])
    options = rc["options"] if rc.has_section("options") else {}

    def pick(env, key, default):
        value = os.environ.get(env) or options.get(key)
        return default if value in (None, "", "False") else value

    addons = [REPO]
    for extra in (os.environ.get("ODOO_ADDONS_PATH"), options.get("addons_path")):
        addons += [p.strip() for p in (extra or "").split(",") if p.strip()]
    state = cached_odoo()
    if state and launcher and launcher[0] == state["launcher"]:
        addons += state.get("addons") or []
    odoo_bin = os.environ.get("ODOO_BIN")
    if odoo_bin:
        sibling = os.path.join(os.path.dirname(os.path.abspath(odoo_bin)), "addons")
        if os.path.isdir(os.path.join(sibling, "web")):
            addons.append(sibling)  # git checkout layout: odoo-bin beside addons/
    return {
        "host": pick("ODOO_DB_HOST", "db_host", "127.0.0.1"),
        "port": pick("ODOO_DB_PORT", "db_port", "5432"),
        "user": pick("ODOO_DB_USER", "db_user", os.environ.get("PGUSER", "")),
        "password": options.get("db_password") or "",
        "addons": ",".join(dict.fromkeys(addons)),
    }


def drop_database(settings, name):
    env = dict(os.environ, PGPASSWORD=settings["password"])
    cmd = ["dropdb", "--if-exists", "-h", settings["host"], "-p", settings["port"]]
    if settings["user"]:
        cmd += ["-U", settings["user"]]
    subprocess.run(cmd + [name], env=env, capture_output=True, check=False)
