"""What grading a class reports: the table, ``grades/LESSON.csv`` and ``.json``, and ``grades.csv``.

Scores are the gradebook's final ones (manual where an instructor gave one in formgrader), for
the whole class; the notes say what happened to each submission.
"""
import csv
import json
import os
from pathlib import Path

import nbformat
from nbgrader.utils import is_grade

from .course import STAGING_PREFIX
from .gradebook import final_scores, open_gradebook
from .nbgrader_apps import load_nbgrader_config, quiet_logger

GRADES_DIR = "grades"


def class_report(root, lesson, names, results, previous):
    """The whole class as the gradebook has it: exercise columns, per student final scores and notes.

    results: this run's students (from record_student); previous: the students of the last
    report (notes of those not graded now). Scores are the gradebook's final ones (a manual
    score where the instructor gave one, listed in ``manual``); an exercise of a notebook not
    graded (missing, broken, not read and never graded before) is None.
    """
    exercises = []
    for name in names:
        for grade_id, points in _grade_cells(root, lesson, name):
            exercises.append({"notebook": name, "grade_id": grade_id, "max_score": points})
    ids = [e["grade_id"] for e in exercises]
    for e in exercises:
        e["key"] = e["grade_id"] if ids.count(e["grade_id"]) == 1 else f"{Path(e['notebook']).stem}:{e['grade_id']}"
    max_total = sum(e["max_score"] for e in exercises)
    finals = final_scores(root, lesson)
    students = {}
    for student in sorted(set(finals) | set(results)):
        record, old = results.get(student), previous.get(student) or {}
        scores, manual = {}, []
        for e in exercises:
            if record is not None:
                result = record["results"][e["notebook"]]
                shown = bool(result) and (not result.get("failed") or bool(result.get("kept")))
            else:
                shown = old.get("exercises", {}).get(e["key"], 0) is not None
            final = finals.get(student, {}).get(Path(e["notebook"]).stem, {}).get(e["grade_id"])
            scores[e["key"]] = final[0] if shown and final else None
            if shown and final and final[1]:
                manual.append(e["key"])
        if record is None:
            notes, status, notebooks = old.get("notes", []), old.get("status", "graded"), old.get("notebooks", {})
        else:
            notes, status, notebooks = _notes(record, names, exercises, scores), "graded", record["results"]
            if any(r is None or r.get("failed") for r in record["results"].values()):
                status = "incomplete"
        students[student] = {"exercises": scores, "manual": manual, "total": sum(s or 0.0 for s in scores.values()),
                             "max_total": max_total, "status": status, "notes": notes, "notebooks": notebooks}
    return {"lesson": lesson, "exercises": exercises, "students": students, "graded": list(results)}


def _notes(record, names, exercises, scores):
    """What happened to one student's submission, for the table's notes column."""
    notes = []
    for name in names:
        result = record["results"][name]
        if result is None:
            hint = f" (found {', '.join(record['extra'])}: renamed? not graded)" if record["extra"] else ""
            notes.append(f"{name} MISSING{hint}")
        elif result.get("failed"):
            notes.append(f"{name} NOT GRADED: {result['failed']}"
                         + ("; the grades recorded earlier are kept" if result.get("kept") else ""))
    for e in exercises:
        result = record["results"][e["notebook"]]
        if result and not result.get("failed"):
            note = _exercise_note(e["key"], result["exercises"].get(e["grade_id"], {}).get("error"), record["limits"])
            if note:
                notes.append(note)
    for event in record["events"]:
        notes.append(event + (" (memory limit {:g} GiB)".format(record["limits"]["memory_gb"])
                              if event.endswith("MEMORY") and record["limits"].get("memory_gb") else ""))
    for name in names:
        notes += (record["results"][name] or {}).get("restored", [])
    for grade_id in record["edited"]:
        notes.append(f"{grade_id}: test cell edited, original put back")
    if record["guard"]:
        notes.append(f"tampering undone: {', '.join(record['guard'])}")
    not_done = [e["key"] for e in exercises
                if scores[e["key"]] is not None and not record["results"][e["notebook"]].get("failed")
                and "NotImplementedError" in str(record["results"][e["notebook"]]["exercises"]
                                                 .get(e["grade_id"], {}).get("error"))]
    if not_done:
        notes.append(f"not attempted: {', '.join(not_done)}")
    return notes


def previous_report(root, lesson):
    """The students of the last ``grades/LESSON.json``, or {} if there is none (or it is unreadable)."""
    try:
        return json.loads((Path(root) / GRADES_DIR / f"{lesson}.json").read_text(encoding="utf-8"))["students"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _exercise_note(key, error, limits):
    """A note for the table when an exercise's failure is out of the ordinary, else None."""
    if not error:
        return None
    if error.startswith("CellTimeoutError"):
        limit = f" of {limits['timeout']} s" if limits.get("timeout") else ""
        return f"{key}: TIMED OUT (cell limit{limit}; endless loop?)"
    if error.startswith("MemoryError"):
        limit = f" of {limits['memory_gb']:g} GiB" if limits.get("memory_gb") else ""
        return f"{key}: OUT OF MEMORY (limit{limit})"
    if "stderr" in error and error.startswith("the cell wrote"):
        return f"{key}: wrote to stderr (nbgrader scores that 0)"
    if error.startswith("test cell missing"):
        return f"{key}: test cell DELETED"
    if error.startswith("partial credit"):
        return f"{key}: {error}"
    return None


def _grade_cells(root, lesson, name):
    nb = nbformat.read(Path(root) / "lessons" / lesson / name, as_version=4)
    return [(c.metadata["nbgrader"]["grade_id"], float(c.metadata["nbgrader"].get("points", 0)))
            for c in nb.cells if is_grade(c)]


def write_reports(root, lesson, report):
    """``grades/LESSON.csv`` (one row per student of the class) and ``grades/LESSON.json``.

    Each is written beside the old one and renamed over it: an interrupted run leaves the old.
    """
    folder = Path(root) / GRADES_DIR
    folder.mkdir(exist_ok=True)
    keys = [e["key"] for e in report["exercises"]]
    partial = folder / f"{STAGING_PREFIX}{lesson}.csv"
    with open(partial, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *keys, "total", "max_total", "status", "notes", "graded_by_hand"])
        for student, r in report["students"].items():
            writer.writerow([student, *["" if r["exercises"][k] is None else f"{r['exercises'][k]:g}" for k in keys],
                             f"{r['total']:g}", f"{r['max_total']:g}", r["status"], "; ".join(r["notes"]),
                             " ".join(r["manual"])])
    os.replace(partial, folder / f"{lesson}.csv")
    partial = folder / f"{STAGING_PREFIX}{lesson}.json"
    partial.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, folder / f"{lesson}.json")


def export_csv(root):
    """nbgrader's CSV export of the whole gradebook into ``grades.csv`` at the root."""
    from nbgrader.plugins import CsvExportPlugin

    config = load_nbgrader_config(root)
    plugin = CsvExportPlugin(config=config, log=quiet_logger())
    plugin.to = str(Path(root) / "grades.csv")
    with open_gradebook(root) as gradebook:
        plugin.export(gradebook)


def format_table(report):
    """Lines of the grade table: the students graded by this run x exercises, totals, what happened.

    A score given by hand in formgrader (the final one: it replaces autograde's) is marked ``*``.
    """
    keys = [e["key"] for e in report["exercises"]]
    rows = [["student", *keys, "total", "notes"]]
    shown = report.get("graded", list(report["students"]))
    for student in shown:
        r = report["students"][student]
        cells = ["-" if r["exercises"][k] is None else f"{r['exercises'][k]:g}" + ("*" if k in r["manual"] else "")
                 for k in keys]
        rows.append([student, *cells, f"{r['total']:g}/{r['max_total']:g}", "; ".join(r["notes"]) or "ok"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:])]
        lines.append("  ".join(cells + [row[-1]]).rstrip())
    lines.insert(1, "-" * min(120, len(lines[0])))
    if any(r["manual"] for s, r in report["students"].items() if s in shown):
        lines.append("* graded by hand in formgrader: the final score (autograde's score is kept in the gradebook)")
    others = len(report["students"]) - len(shown)
    if others:
        lines.append(f"({others} other student(s) of the class, graded earlier, are in grades/{report['lesson']}.csv)")
    return [f"\nGrades for {report['lesson']} ({len(shown)} student(s)):"] + lines
