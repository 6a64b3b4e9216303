"""Metrics a notebook records about itself, collected by ``mlcourse run``."""
import json
import os

METRICS_FILE_ENV = "MLCOURSE_METRICS_FILE"


def record(**metrics):
    """Print and record named metrics, e.g. ``record(test_accuracy=0.9231)``.

    Values must be numbers. When ``mlcourse run`` executes the notebook it sets
    ``MLCOURSE_METRICS_FILE``; each call then appends one JSON object to that file.
    """
    clean = {}
    for name, value in metrics.items():
        try:
            clean[name] = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"metric {name!r} must be a number, got {type(value).__name__}") from None
    for name, value in clean.items():
        print(f"{name} = {value:.4f}")
    path = os.environ.get(METRICS_FILE_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(clean) + "\n")


def read_recorded(path):
    """Merge the JSON lines written by ``record`` into one dict (later values win)."""
    merged = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    merged.update(json.loads(line))
    return merged
