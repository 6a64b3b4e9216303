"""``mlcourse bench``: how fast the course's own code is, beside TensorFlow, scikit-learn and the machine's limit.

Every figure is a median of repeated runs after warm-up, with its spread (min-max). The course's
NumPy code runs as the lessons run it, with one BLAS thread (``mlcourse.setup()`` sets it), and
again with one thread per core (``threadpoolctl`` changes the count in this process, and is already
a dependency); TensorFlow uses its default thread pools. The machine's limit is the best float32
matrix-product rate measured, per thread count and per device; each kernel's rate is given as a
fraction of it. A row compares ``ours`` with a ``reference``: ratio = ours / reference seconds.
"""
import json
import os
import platform
import tempfile
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from . import bench_numpy as kernels
from .bench_class import build_class, grade_once, lesson_to_grade, notebook_rows
from .bench_timing import gflops, measure
from .course import CourseError, find_course_root

# quick: the kernels at one BLAS thread only (the matrix products at both counts).
SETTINGS = {"quick": {"repeats": 3, "warmup": 1, "budget": 3.0, "naive_images": 2, "rbm_images": 1000,
                      "kernel_threads_all": False},
            "full": {"repeats": 15, "warmup": 2, "budget": 10.0, "naive_images": kernels.NAIVE_IMAGES,
                     "rbm_images": 10000, "kernel_threads_all": True}}
CLASS_GOAL_SECONDS = 30 * 60  # a class of 30 graded in at most 30 minutes with --jobs 2
CLASS_GOAL_SIZE = 30


def cores():
    """CPU cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_output_path(path, option):
    """Raise CourseError unless ``path``'s folder exists (checked before minutes of measuring)."""
    if path and not Path(path).expanduser().resolve().parent.is_dir():
        raise CourseError(f"{option} {path}: the folder {Path(path).expanduser().resolve().parent} does not exist.")


def check_plot_format(path):
    """Raise CourseError unless matplotlib can write a figure in ``path``'s format (its suffix)."""
    from matplotlib.figure import Figure

    formats = Figure().canvas.get_supported_filetypes()
    if Path(path).suffix.lower().lstrip(".") not in formats:
        raise CourseError(f"--plot {path}: matplotlib cannot write that format; end the name with one of "
                          f"{', '.join('.' + f for f in sorted(formats))}.")


def machine():
    """{"cpu", "cores", "numpy", "blas", "tensorflow"}: what the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture', '?')}, {i.get('num_threads')} threads)"
            for i in threadpool_info() if i.get("user_api") == "blas"]
    return {"cpu": cpu, "cores": cores(), "numpy": np.__version__, "blas": "; ".join(blas) or "unknown"}


def time_numpy(make, settings, threads_all):
    """Time a NumPy workload at 1 BLAS thread and at ``threads_all``: ({1: timing, N: timing}, flops)."""
    step, flops = make()
    out = {}
    for threads in sorted({1, threads_all}):
        with threadpool_limits(limits=threads, user_api="blas"):
            out[threads] = measure(step, settings["repeats"], settings["warmup"], settings["budget"])
    return out, flops


def row(name, detail, ours, flops, reference, ref_timing, device, threads_all, limits, matmul_work=True):
    """One row: the NumPy timings ``ours`` ({threads: timing}) against ``ref_timing`` on ``device``."""
    one = ours[1]
    r = {"name": name, "detail": detail, "device": device, "ours": "numpy, 1 BLAS thread",
         "ours_seconds": one["median"], "ours_spread": [one["min"], one["max"]], "ours_runs": one["runs"],
         "reference": reference, "reference_seconds": None, "ratio": None}
    if threads_all not in ours:  # measured at one thread only
        threads_all = 1
    if threads_all != 1:
        r[f"ours_seconds_{threads_all}_threads"] = ours[threads_all]["median"]
        r[f"ours_spread_{threads_all}_threads"] = [ours[threads_all]["min"], ours[threads_all]["max"]]
    if ref_timing is not None:
        r.update(reference_seconds=ref_timing["median"], reference_spread=[ref_timing["min"], ref_timing["max"]],
                 reference_runs=ref_timing["runs"], ratio=one["median"] / ref_timing["median"])
        if threads_all != 1:
            r[f"ratio_{threads_all}_threads"] = ours[threads_all]["median"] / ref_timing["median"]
    if flops and matmul_work:
        r["flops"] = flops
        r["ours_gflops"] = gflops(flops, one["median"])
        r["ours_fraction_of_limit"] = r["ours_gflops"] / limits["numpy"][1]
        if threads_all != 1:
            r[f"ours_gflops_{threads_all}_threads"] = gflops(flops, ours[threads_all]["median"])
            r[f"ours_fraction_of_limit_{threads_all}_threads"] = (r[f"ours_gflops_{threads_all}_threads"]
                                                                   / limits["numpy"][threads_all])
        if ref_timing is not None and device in limits["tensorflow"]:
            r["reference_gflops"] = gflops(flops, ref_timing["median"])
            r["reference_fraction_of_limit"] = r["reference_gflops"] / limits["tensorflow"][device]
    return r


def add_goal(r, text, met):
    r.setdefault("goals", []).append({"goal": text, "met": bool(met)})


def kernel_rows(settings, rng, out):
    """The matmul and kernel rows: NumPy (the learner's library) against TensorFlow and scikit-learn."""
    from . import bench_tensorflow as tfref  # TensorFlow: 4-5 s to import

    threads_all = cores()
    devices = tfref.devices()
    out(f"TensorFlow {tfref.tf.__version__}, devices: {', '.join(devices)}; NumPy with 1 and {threads_all} "
        f"BLAS thread(s)" + ("" if settings["kernel_threads_all"] else " (the kernels with 1 only: --quick)"))
    rows, limits = [], {"numpy": {}, "tensorflow": {}}
    matmuls = []
    for m, k, n in kernels.MATMUL_SHAPES:
        ours, flops = time_numpy(lambda: kernels.matmul_workload(m, k, n, rng), settings, threads_all)
        refs = {d: measure(tfref.matmul_reference(m, k, n, rng, d), settings["repeats"], settings["warmup"],
                           settings["budget"]) for d in devices}
        matmuls.append(((m, k, n), ours, flops, refs))
        for threads, t in ours.items():
            limits["numpy"][threads] = max(limits["numpy"].get(threads, 0), gflops(flops, t["median"]))
        for d, t in refs.items():
            limits["tensorflow"][d] = max(limits["tensorflow"].get(d, 0), gflops(flops, t["median"]))
        out(f"  matmul {m}x{k} @ {k}x{n}: done")
    for (m, k, n), ours, flops, refs in matmuls:
        for d in devices:
            rows.append(row("matmul", f"{m}x{k} @ {k}x{n}", ours, flops, "tensorflow", refs[d], d, threads_all,
                            limits))

    kernel_threads = threads_all if settings["kernel_threads_all"] else 1

    def compare(name, detail, make, reference, make_ref, goal_ratio=None, matmul_work=True):
        ours, flops = time_numpy(make, settings, kernel_threads)
        for d in devices:
            ref = measure(make_ref(d), settings["repeats"], settings["warmup"], settings["budget"])
            r = row(name, detail, ours, flops, reference, ref, d, threads_all, limits, matmul_work)
            if goal_ratio is not None and d == "CPU":
                add_goal(r, f"ratio <= {goal_ratio:g} against {reference} on the CPU", r["ratio"] <= goal_ratio)
            if matmul_work and d == "CPU":
                add_goal(r, ">= 50% of the matmul limit (1 thread)", r["ours_fraction_of_limit"] >= 0.5)
            rows.append(r)
        out(f"  {name}: done")

    compare("mlp_step", "784-200-100-60-30-10, batch 100, dropout, Adam", lambda: kernels.mlp_workload(rng),
            "keras train_on_batch", lambda d: tfref.mlp_reference(rng, d), goal_ratio=1)
    compare("conv_forward_backward", "64x28x28x1 * 5x5x1x8 and 64x14x14x8 * 5x5x8x16, pad 2",
            lambda: kernels.conv_workload(rng), "tf.nn.conv2d + gradient", lambda d: tfref.conv_reference(rng, d),
            goal_ratio=3)
    compare("lstm_forward_backward", "N=128, T=28, D=28, H=128, through time", lambda: kernels.lstm_workload(rng),
            "keras.layers.LSTM + gradient", lambda d: tfref.lstm_reference(rng, d), goal_ratio=2)
    rows += [naive_row(settings, rng), rbm_row(settings, rng, kernel_threads, limits, tfref)]
    out("  conv_naive_vs_im2col, rbm_epoch: done")
    return rows, limits


def naive_row(settings, rng):
    """im2col against lesson 03's loops (one BLAS thread): the first convolution of a few images."""
    images = settings["naive_images"]
    im2col_step, loops_step, flops = kernels.naive_conv_workloads(rng, images)
    with threadpool_limits(limits=1, user_api="blas"):
        ours = measure(im2col_step, settings["repeats"], settings["warmup"], settings["budget"])
        loops = measure(loops_step, 1 if images <= 2 else 3, 0)
    return {"name": "conv_naive_vs_im2col", "detail": f"{images}x28x28x1 * 5x5x1x8, pad 2, forward",
            "device": "CPU", "ours": "numpy im2col, 1 BLAS thread", "ours_seconds": ours["median"],
            "ours_spread": [ours["min"], ours["max"]], "ours_runs": ours["runs"], "reference": "python loops",
            "reference_seconds": loops["median"], "reference_spread": [loops["min"], loops["max"]],
            "reference_runs": loops["runs"], "ratio": ours["median"] / loops["median"], "flops": flops,
            "ours_gflops": gflops(flops, ours["median"]), "reference_gflops": gflops(flops, loops["median"])}


def rbm_row(settings, rng, threads_all, limits, tfref):
    """One CD-1 epoch of the NumPy RBM against scikit-learn's BernoulliRBM (skipped, with why, without it)."""
    images = settings["rbm_images"]
    ours, flops = time_numpy(lambda: kernels.rbm_workload(rng, images), dict(settings, repeats=min(
        settings["repeats"], 5)), threads_all)
    run, reason = tfref.sklearn_rbm_reference(rng, images)
    ref = None
    if run is not None:  # scikit-learn multiplies with NumPy's BLAS: at one thread too, as ours
        with threadpool_limits(limits=1, user_api="blas"):
            ref = measure(run, min(settings["repeats"], 5), 1, settings["budget"])
    r = row("rbm_epoch", f"{images} images, 784-500, CD-1, batch 100", ours, flops,
            "scikit-learn BernoulliRBM, 1 BLAS thread", ref, "CPU", threads_all, limits)
    if reason:
        r["skipped"] = reason
    else:
        r["reference_gflops"] = gflops(flops, ref["median"])
        r["reference_fraction_of_limit"] = r["reference_gflops"] / limits["numpy"][1]
        add_goal(r, "ratio <= 1 against scikit-learn", r["ratio"] <= 1)
    add_goal(r, ">= 50% of the matmul limit (1 thread)", r["ours_fraction_of_limit"] >= 0.5)
    return r


def grading_rows(root, lesson, size, out):
    """The grade_notebook row: a class of ``size`` graded with --jobs 2 against --jobs 1."""
    with tempfile.TemporaryDirectory(prefix="mlcourse-bench-") as tmp:
        folder, names = build_class(root, lesson, size, Path(tmp) / "course")
        out(f"Grading a simulated class: {size} submission(s) of {lesson} ({len(names)} notebook(s) each)...")
        seconds, full = {}, {}
        for jobs in (1, 2):
            seconds[jobs], full[jobs] = grade_once(folder, lesson, jobs)
            out(f"  --jobs {jobs}: {seconds[jobs]:.1f} s, {full[jobs]}/{size} with full marks")
    graded = size * len(names)
    r = {"name": "grade_notebook", "detail": f"{lesson}, class of {size}, fast mode, no feedback", "device": "CPU",
         "ours": "mlcourse grade --jobs 2", "ours_seconds": seconds[2] / graded, "reference": "mlcourse grade --jobs 1",
         "reference_seconds": seconds[1] / graded, "ratio": seconds[2] / seconds[1], "class_size": size,
         "notebooks_per_student": len(names), "class_seconds_jobs_1": seconds[1], "class_seconds_jobs_2": seconds[2],
         "full_marks_jobs_1": full[1], "full_marks_jobs_2": full[2]}
    projected = seconds[2] / size * CLASS_GOAL_SIZE
    r["class_of_30_seconds_jobs_2"] = projected
    add_goal(r, f"a class of 30 in <= 30 min with --jobs 2 ({'measured' if size == 30 else 'projected'})",
             projected <= CLASS_GOAL_SECONDS)
    add_goal(r, "every simulated submission scores full marks", full[1] == full[2] == size)
    return [r]


def _ms(seconds):
    """Milliseconds, three significant digits below 1000, whole ones above: '0.229', '62.7', '1110'."""
    return "-" if seconds is None else f"{seconds * 1000:.3g}" if seconds < 1 else f"{seconds * 1000:.0f}"


def _timing(r, key, spread_key):
    if r.get(key) is None:
        return "-"
    lo, hi = r.get(spread_key, [None, None])
    return _ms(r[key]) + (f" [{_ms(lo)}-{_ms(hi)}]" if lo is not None else "")


def _rate(r, gkey, fkey):
    if gkey not in r:
        return "-"
    return f"{r[gkey]:.1f}" + (f" ({r[fkey]:.0%})" if fkey in r else "")


def format_table(rows, threads_all):
    """Lines of the table: each row's NumPy and reference times (ms, median [min-max]), rates and ratio."""
    n = threads_all
    head = ["name", "shapes", "dev", "ours ms", "GFLOP/s (limit)", f"ours {n} thr ms", f"GFLOP/s {n} thr",
            "reference", "ref ms", "ref GFLOP/s", "ratio", f"ratio {n} thr"]
    table = [head]
    for r in rows:
        table.append([r["name"], r["detail"], r["device"], _timing(r, "ours_seconds", "ours_spread"),
                      _rate(r, "ours_gflops", "ours_fraction_of_limit"),
                      _timing(r, f"ours_seconds_{n}_threads", f"ours_spread_{n}_threads"),
                      _rate(r, f"ours_gflops_{n}_threads", f"ours_fraction_of_limit_{n}_threads"),
                      r["reference"] if r.get("reference_seconds") is not None else f"({r['reference']}: skipped)",
                      _timing(r, "reference_seconds", "reference_spread"),
                      _rate(r, "reference_gflops", "reference_fraction_of_limit"),
                      "-" if r.get("ratio") is None else f"{r['ratio']:.3g}",
                      "-" if r.get(f"ratio_{n}_threads") is None else f"{r[f'ratio_{n}_threads']:.3g}"])
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in table]
    lines.insert(1, "-" * len(lines[0]))
    return lines


def plot_ratios(rows, path):
    """A bar chart of every row's ratio (log scale, 1 = as fast as the reference), written to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [r for r in rows if r.get("ratio") is not None]
    labels = [(f"matmul {r['detail']}" if r["name"] == "matmul" else r["name"]) + f" ({r['device']})\n"
              f"vs {r['reference']}" for r in shown]
    ratios = [r["ratio"] for r in shown]
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(shown) + 1.6))
    colours = ["tab:green" if v <= 1 else "tab:orange" for v in ratios]
    ax.barh(range(len(shown)), ratios, color=colours)
    ax.set_yticks(range(len(shown)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(min(ratios + [1]) / 3, max(ratios + [1]) * 3)
    ax.axvline(1.0, color="black", linewidth=1)
    for i, v in enumerate(ratios):
        ax.text(v, i, f" {v:.3g}", va="center", fontsize=7)
    ax.set_xlabel("ratio = ours / reference seconds (log scale; below 1: ours is faster)")
    ax.set_title("mlcourse bench: the course's code against its references (median times)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def run_bench(quick=False, json_file=None, plot_file=None, run_files=(), lesson="01", class_size=None,
              out=print):
    """``mlcourse bench``: measure, print the table and the goals, write the JSON and the plot; return 0.

    quick: fewer repeats and smaller epochs, and no grading unless ``class_size`` is given;
    json_file, plot_file: where to write the rows and the chart; run_files: ``mlcourse run --json``
    files whose notebook times are added; lesson: the lesson whose simulated class is graded;
    class_size: submissions in it (default 30; 0 skips grading).
    """
    check_output_path(json_file, "--json")
    check_output_path(plot_file, "--plot")
    if plot_file:
        check_plot_format(plot_file)
    if class_size is None:
        class_size = 0 if quick else CLASS_GOAL_SIZE
    if class_size < 0:
        raise CourseError("--class-size must be 0 (no grading) or more.")
    rows = notebook_rows(run_files)  # a bad file is reported before minutes of measuring
    root = lesson_name = None
    if class_size:
        root = find_course_root()
        lesson_name = lesson_to_grade(root, lesson)
    settings = SETTINGS["quick" if quick else "full"]
    info = machine()
    out(f"Machine: {info['cpu']}, {info['cores']} core(s); NumPy {info['numpy']}, BLAS: {info['blas']}")
    out(f"Each figure: median of up to {settings['repeats']} runs after {settings['warmup']} warm-up run(s), "
        f"[min-max] beside it; ratio = ours / reference.")
    kernel, limits = kernel_rows(settings, np.random.default_rng(0), out)
    rows = kernel + rows
    if class_size:
        rows += grading_rows(root, lesson_name, class_size, out)
    else:
        out("Grading throughput: skipped (the quick form grades nothing; give --class-size N to grade N submissions).")
    threads_all = cores()
    limit_line = ", ".join([f"NumPy {t} thread(s) {g:.1f}" for t, g in sorted(limits["numpy"].items())]
                           + [f"TensorFlow {d} {g:.1f}" for d, g in limits["tensorflow"].items()])
    out("")
    for line in format_table(rows, threads_all):
        out(line)
    out(f"\nMatmul limit (best float32 GFLOP/s measured): {limit_line}.")
    for r in rows:
        if r.get("skipped"):
            out(f"{r['name']}: reference skipped: {r['skipped']}.")
    goals = [(r, g) for r in rows for g in r.get("goals", [])]
    if goals:
        out("\nGoals:")
        for r, g in goals:
            out(f"  {'met    ' if g['met'] else 'NOT MET'}  {r['name']} ({r['device']}, {r['detail']}): {g['goal']}")
    if json_file:
        Path(json_file).write_text(json.dumps([dict(r, machine=info) for r in rows], indent=2) + "\n",
                                   encoding="utf-8")
        out(f"wrote {json_file}")
    if plot_file:
        plot_ratios(rows, plot_file)
        out(f"wrote {plot_file}")
    return 0
