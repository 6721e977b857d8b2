#!/usr/bin/env python3
"""Benchmark: the worker view opening a week of 40 workers and 400 sessions.

A scratch database (default dex_bench_timeline, dropped before and after) gets
the week from timeline_body.py, which also times the server call. Then an Odoo
server on port 8379 and headless Chromium (DevTools protocol, websocket-client
from Odoo's environment) log in as the team's DEX user, open the worker view
and time "Back" from an empty week to the full one, until every session bar
is drawn: the RPC, the layout and the render. Usage:
benchmarks/bench_timeline.py [DATABASE]
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools"))

from odoo_bench import prepare  # noqa: E402, I001
from odoo_env import drop_database, find_odoo, odoo_python  # noqa: E402, I001

PORT, DEVTOOLS_PORT = 8379, 9379
VIEW = "/odoo/action-group_dex_sessions.dex_session_action?view_type=dex_timeline"


class Browser:
    """Just enough of the DevTools protocol: evaluate JavaScript in one page."""

    def __init__(self, websocket):
        self.profile = tempfile.mkdtemp(prefix="bench_timeline_")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium") or "/usr/bin/chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={DEVTOOLS_PORT}",
                f"--user-data-dir={self.profile}",
                "--window-size=1500,900",
                "about:blank",
            ],
            env=dict(os.environ, TZ="UTC"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        tabs = self._wait(lambda: json.load(self._open("/json")))
        page = next(tab for tab in tabs if tab["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"])
        self.calls = 0

    def _open(self, path):
        return urllib.request.urlopen(f"http://127.0.0.1:{DEVTOOLS_PORT}{path}")

    @staticmethod
    def _wait(probe, tries=100):
        for _ in range(tries):
            try:
                result = probe()
                if result:
                    return result
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("timed out")

    def call(self, method, **params):
        self.calls += 1
        self.socket.send(
            json.dumps({"id": self.calls, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.calls:
                return message.get("result", {})

    def js(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        return result.get("result", {}).get("value")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        time.sleep(0.5)
        self._wait(lambda: self.js("document.readyState") == "complete")

    def close(self):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# Click, then poll each animation frame until the bar count is reached.
TIME_CLICK = """
new Promise((resolve) => {
    const count = () => document.querySelectorAll('.o_dex_timeline_session').length;
    const t0 = performance.now();
    document.querySelector('%(button)s').click();
    const done = () => resolve(performance.now() - t0);
    const poll = () => (count() %(test)s ? done() : requestAnimationFrame(poll));
    requestAnimationFrame(poll);
})
"""


def browse(base, bars, websocket):
    browser = Browser(websocket)
    try:
        browser.goto(f"{base}/web/login")
        browser.js(
            "document.querySelector('#login').value='bench_coordinator';"
            "document.querySelector('#password').value='bench_coordinator';"
            "document.querySelector('form.oe_login_form').submit()"
        )
        time.sleep(2)
        started = time.time()
        browser.goto(base + VIEW)
        browser._wait(
            lambda: browser.js(
                "document.querySelectorAll('.o_dex_timeline_session').length"
            )
            >= bars
        )
        first = time.time() - started
        times = []
        for _ in range(6):
            browser.js(TIME_CLICK % {"button": ".o_dex_timeline_next", "test": "=== 0"})
            times.append(
                browser.js(
                    TIME_CLICK
                    % {"button": ".o_dex_timeline_prev", "test": f">= {bars}"}
                )
            )
        drawn = browser.js(
            "document.querySelectorAll('.o_dex_timeline_session').length"
        )
        rows = browser.js("document.querySelectorAll('.o_dex_timeline_row').length")
        facets = browser.js(
            "[...document.querySelectorAll('.o_searchview_facet')]"
            ".map(f => f.innerText).join(', ')"
        )
    finally:
        browser.close()
    shown = facets or "no filter"
    print(f"worker view ({shown}): {rows} rows, {drawn} session bars drawn")
    print(f"first open of the page (web client, assets, the week): {first:.2f} s")
    median = statistics.median(times)
    print(
        f"opening the week (RPC + layout + render): median {median:.0f} ms, "
        f"best {min(times):.0f} ms (target: under 1000 ms)"
    )


def _websocket():
    """websocket-client, from this Python or else from Odoo's (its tours use it):
    the script then runs again in Odoo's Python, before any database is made."""
    try:
        import websocket
    except ImportError:
        launcher, _why = find_odoo()
        python = launcher and odoo_python(launcher)
        if python and os.path.abspath(python) != os.path.abspath(sys.executable):
            os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])
        sys.exit(
            "bench_timeline: needs websocket-client (pip install websocket-client), "
            "which Odoo's browser tours use too"
        )
    return websocket


def main(database):
    websocket = _websocket()
    launcher, settings, common, why, shell = prepare("timeline_body.py", database, PORT)
    try:
        lines = [line for line in shell.stdout.splitlines() if line.startswith("BENCH")]
        if shell.returncode or not lines:
            sys.stderr.write(shell.stdout[-5000:] + shell.stderr[-5000:])
            sys.exit("bench_timeline: the data could not be made")
        print(f"Odoo: {why}")
        bars = 0
        for line in lines:
            if line.startswith("BENCH_BARS "):
                bars = int(line.split()[1])
            else:
                print(line[6:])
        server = subprocess.Popen(
            launcher + common + ["--http-interface=127.0.0.1", "--log-level=warn"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{PORT}"
            Browser._wait(
                lambda: urllib.request.urlopen(base + "/web/login").status == 200
            )
            browse(base, bars, websocket)
        finally:
            server.terminate()
            server.wait()
    finally:
        drop_database(settings, database)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dex_bench_timeline")
