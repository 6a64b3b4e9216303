"""Run code cells in a Jupyter kernel from tests, capturing status, stdout and stderr."""
import os
from dataclasses import dataclass, field

from jupyter_client.manager import start_new_kernel


@dataclass
class CellResult:
    ok: bool
    stdout: str = ""
    stderr: str = ""
    error: str = ""          # "ename: evalue" when the cell raised
    traceback: list = field(default_factory=list)   # the lines IPython shows for the error
    outputs: list = field(default_factory=list)


class Kernel:
    """A python3 kernel in fast, headless mode, as nbgrader would run it (C-level output not captured)."""

    def __init__(self, cwd, extra_env=None):
        env = dict(os.environ, MLCOURSE_FAST="1", MLCOURSE_HEADLESS="1", **(extra_env or {}))
        env.pop("MLCOURSE_METRICS_FILE", None)
        self.manager, self.client = start_new_kernel(
            kernel_name="python3", cwd=str(cwd), env=env,
            extra_arguments=["--IPKernelApp.capture_fd_output=False"])

    def run(self, code, timeout=120):
        result = CellResult(ok=True)

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                if content["name"] == "stderr":
                    result.stderr += content["text"]
                else:
                    result.stdout += content["text"]
            elif kind == "error":
                result.ok = False
                result.error = f"{content['ename']}: {content['evalue']}"
                result.traceback = content.get("traceback", [])
            elif kind in ("display_data", "execute_result"):
                result.outputs.append(content)

        reply = self.client.execute_interactive(code, timeout=timeout, output_hook=hook, allow_stdin=False)
        if reply["content"]["status"] != "ok":
            result.ok = False
            result.error = result.error or f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
        return result

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)
