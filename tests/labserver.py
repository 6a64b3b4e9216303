"""A JupyterLab server for tests: started on 127.0.0.1 with a token, stopped at the end."""
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Lab:
    url: str        # http://127.0.0.1:PORT
    token: str
    log: Path       # the server's stdout and stderr

    def get(self, path):
        """(status, body as str) of GET ``path`` with the token."""
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def page_config(self):
        """JupyterLab's page config (dict) as the /lab page sends it to the browser."""
        status, html = self.get("/lab")
        assert status == 200, f"/lab answered {status}; server log: {self.log}"
        found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
        return json.loads(found.group(1))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_options(port, token, settings):
    """Options that make a lab private to the test: local address, token, its own settings folders.

    The settings turn off the news pop-up, which would cover part of the notebook in a browser, and
    autosave: a test saves when it means to (an autosave racing with it on a busy machine made
    JupyterLab ask "File Changed: overwrite?").
    """
    user = Path(settings) / "user" / "@jupyterlab"
    for plugin, values in [("apputils-extension/notification", {"fetchNews": "false"}),
                           ("docmanager-extension/plugin", {"autosave": False})]:
        path = user / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
            f"--IdentityProvider.token={token}", f"--LabApp.user_settings_dir={settings / 'user'}",
            f"--LabApp.workspaces_dir={settings / 'workspaces'}", "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]


@contextlib.contextmanager
def running_lab(command, cwd, tmp, env=None, timeout=180):
    """Run ``command + options`` (a JupyterLab command line, e.g. ``mlcourse start ... --``) in ``cwd``.

    The options (:func:`lab_options`) are appended to ``command``. Yields a :class:`Lab` once the
    server answers; stops the server (and its kernels) at the end.
    """
    port, token = free_port(), secrets.token_hex(16)
    log = Path(tmp) / "lab.log"
    env = dict(os.environ if env is None else env, JUPYTER_RUNTIME_DIR=str(Path(tmp) / "runtime"))
    with open(log, "wb") as out:
        proc = subprocess.Popen([*command, *lab_options(port, token, Path(tmp) / "lab")], cwd=cwd, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            assert proc.poll() is None, f"JupyterLab exited with status {proc.returncode}:\n{log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, (
                f"JupyterLab did not answer within {timeout} s:\n{log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if lab.get("/api/status")[0] == 200:
                    break
            time.sleep(0.5)
        yield lab
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)   # the server and the kernels it started
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def python_lab():
    """The command line of a plain JupyterLab from this Python (what ``jupyter lab`` runs)."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0  # JupyterLab refuses root without the flag
    return [sys.executable, "-m", "jupyterlab", *(["--allow-root"] if as_root else [])]
