"""CoachDesk benchmarks: prints a table and writes JSON to benchmarks/results/.

Usage::

    uv run python benchmarks/run.py [--runs 7] [--size stress] [--only startup]

Start-up: on a demo database of ``--size`` (default ``stress``), the
time from launching the process to (a) the first painted main window and
(b) the first painted page of client data, each as a ratio to a bare PySide6
QMainWindow + QTableView start measured in the same run (medians of ``--runs``
interleaved runs, after one warm-up of each).  CoachDesk's bytecode is compiled first,
as an installed package or the desktop bundle has it (a shell with
PYTHONDONTWRITEBYTECODE would otherwise compile every module on every start).
Targets: (a) <= 1.25, (b) <= 2.3.

Backup: a verified backup of the ``--size`` practice as a ratio to a
plain copy + fsync of the same file in the same run (target <= 2), and the
longest event-loop stall while "Back up now" runs in the window.

Portable data: the full JSON export and import and the CSV export of
the ``career`` practice (300 clients, 15,000 sessions), whatever ``--size``.

Wording: the statement reader's precision and recall per language over its
table of test sentences, and 500 statements read cold and warm (target warm <= 5 ms).

Portable memory: the peak memory (resident set) of ``coachdesk export``
and ``coachdesk import`` of the ``--size`` practice as JSON, each in its own process
(target: under 400 MB for both on ``stress``).

Encryption: the ``--size`` practice plain and an encrypted copy of it (built once with
``coachdesk protect``), in the same run: the key derivation alone; Today, the heaviest
client page and the prep panel (target <= 1.3x plain) and a verified backup (<= 1.5x);
the path from the passphrase to Today painted; and start-up on the encrypted copy to the
first painted window and to the unlock prompt, as ratios to the bare window (<= 1.25).

Filters: the Clients and Sessions lists' own text filters in the real window on the
``--size`` practice, words typed and deleted a keystroke at a time, each keystroke timed
until the list is repainted (targets: median <= 16 ms, worst <= 50 ms).

Search: the search box in the real window on the ``--size`` practice, timed the same way
(same targets); the index's extra write cost on the career practice's JSON import
(target <= 10%); and the index's size on disk (the ``--size`` and career practices).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("COACHDESK_DATA_DIR", None)
    return env


def _traced(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run ``command``; return the seconds from launch to each ``coachdesk-trace`` event."""
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    events = {}
    for line in result.stderr.splitlines():
        if line.startswith("coachdesk-trace "):
            _, name, stamp = line.split()
            events[name] = float(stamp) - started
    return events


def demo_folder(size: str) -> Path:
    """A demo practice of ``size``, built once and kept under benchmarks/results/."""
    folder = RESULTS / f"data-{size}"
    if not (folder / "coachdesk.sqlite3").exists():
        print(f"building a {size} demo practice in {folder} …", flush=True)
        subprocess.run(
            [sys.executable, "-m", "coachdesk", "demo", "--size", size, "--data-dir", str(folder)],
            check=True,
        )
    return folder


PASSPHRASE_FILE = RESULTS / "passphrase.txt"
BENCH_PASSPHRASE = "the benchmarks' passphrase, not a secret"


def encrypted_demo_folder(size: str) -> Path:
    """An encrypted copy of the ``size`` demo practice (the same data), made once with
    ``coachdesk protect`` and kept under benchmarks/results/."""
    folder = RESULTS / f"data-{size}-encrypted"
    if not PASSPHRASE_FILE.exists():
        PASSPHRASE_FILE.write_text(BENCH_PASSPHRASE + "\n", encoding="utf-8")
    if not (folder / "coachdesk.sqlite3.keys").exists():
        plain = demo_folder(size) / "coachdesk.sqlite3"
        print(f"encrypting a copy of the {size} demo practice in {folder} …", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copyfile(plain, folder / "coachdesk.sqlite3")
        subprocess.run(
            [
                *(sys.executable, "-m", "coachdesk", "protect", "--data-dir", str(folder)),
                *("--new-passphrase-file", str(PASSPHRASE_FILE)),
            ],
            check=True,
            capture_output=True,  # the recovery key: not needed, not shown
        )
    return folder


def bench_startup(args: argparse.Namespace) -> dict[str, object]:
    data = demo_folder(args.size)
    compileall.compile_dir(HERE.parent / "coachdesk", quiet=1)
    env = _environment()
    env["COACHDESK_TRACE_STARTUP"] = "1"
    bare = [sys.executable, str(HERE / "bare_window.py")]
    app = [sys.executable, "-m", "coachdesk", "--data-dir", str(data)]
    _traced(bare, env)
    _traced(app, env)
    bare_paint, app_paint, app_data = [], [], []
    for _ in range(args.runs):
        bare_paint.append(_traced(bare, env)["first_paint"])
        events = _traced(app, env)
        app_paint.append(events["first_paint"])
        app_data.append(events["first_data"])
    base = statistics.median(bare_paint)
    first_paint = statistics.median(app_paint)
    first_data = statistics.median(app_data)
    return {
        "size": args.size,
        "runs": args.runs,
        "bare_window_s": base,
        "first_paint_s": first_paint,
        "first_data_s": first_data,
        "first_paint_ratio": first_paint / base,
        "first_data_ratio": first_data / base,
        "targets": {"first_paint_ratio": 1.25, "first_data_ratio": 2.3},
        "samples": {"bare": bare_paint, "first_paint": app_paint, "first_data": app_data},
    }


def print_startup(result: dict[str, object]) -> None:
    rows = [
        ("bare QMainWindow + QTableView", result["bare_window_s"], 1.0, None),
        (
            "(a) first painted main window",
            result["first_paint_s"],
            result["first_paint_ratio"],
            1.25,
        ),
        ("(b) first page of data painted", result["first_data_s"], result["first_data_ratio"], 2.3),
    ]
    print(f"\nstart-up on a {result['size']} practice, median of {result['runs']} runs")
    print(f"{'measure':<34}{'seconds':>9}{'ratio':>8}{'target':>8}  ok")
    for name, seconds, ratio, target in rows:
        ok = "" if target is None else ("yes" if ratio <= target else "NO")
        shown_target = "" if target is None else f"≤{target}"
        print(f"{name:<34}{seconds:>9.3f}{ratio:>8.2f}{shown_target:>8}  {ok}")


def bench_pages(args: argparse.Namespace) -> dict[str, object]:
    results = {}
    for size in ("career", args.size):
        data = demo_folder(size)
        out = subprocess.run(
            [sys.executable, str(HERE / "pages.py"), str(data), str(args.runs)],
            capture_output=True,
            text=True,
            env=_environment(),
            check=True,
            timeout=600,
        )
        results[size] = json.loads(out.stdout.strip().splitlines()[-1])
    return {"runs": args.runs, "by_size": results, "targets": {"client_page_ms": 100}}


def print_pages(result: dict[str, object]) -> None:
    print(f"\npages, median of {result['runs']} runs (offscreen, until painted)")
    print(
        f"{'practice':<10}{'heaviest client':<34}{'open ms':>9}{'worst':>8}"
        f"{'switch ms':>11}{'worst':>8}"
    )
    for size, figures in result["by_size"].items():
        client = figures["client"]
        history = f"{client['sessions']} sessions, {client['matters']} items"
        print(
            f"{size:<10}{history:<34}{figures['client_page_ms']:>9.1f}"
            f"{figures['client_page_worst_ms']:>8.1f}{figures['switch_median_ms']:>11.1f}"
            f"{figures['switch_worst_ms']:>8.1f}"
        )
    print("target: client page of the heaviest client < 100 ms; switching never freezes")


def bench_prep(args: argparse.Namespace) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(HERE / "prep.py"), str(max(args.runs, 200))],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=300,
    )
    engine = json.loads(out.stdout.strip().splitlines()[-1])
    return {"engine": engine, "gui": bench_prep_gui(args)}


def _on_career_and_size(script: str, args: argparse.Namespace) -> dict[str, dict]:
    """``script DATA_DIR RUNS``'s JSON on the career practice and on ``--size``, by size."""
    results = {}
    for size in ("career", args.size):
        out = subprocess.run(
            [sys.executable, str(HERE / script), str(demo_folder(size)), str(args.runs)],
            capture_output=True,
            text=True,
            env=_environment(),
            check=True,
            timeout=600,
        )
        results[size] = json.loads(out.stdout.strip().splitlines()[-1])
    return results


def bench_prep_gui(args: argparse.Namespace) -> dict[str, object]:
    results = _on_career_and_size("prep_gui.py", args)
    ratio = results[args.size]["panel_seed_ms"] / results["career"]["panel_seed_ms"]
    return {
        "runs": args.runs,
        "by_size": results,
        "panel_ratio_to_career": ratio,
        "targets": {"panel_ms": 50, "panel_ratio_to_career": 1.2, "sheet_ms": 100},
    }


def print_prep(result: dict[str, object]) -> None:
    engine = result["engine"]
    print(
        f"\nprep engine alone, {engine['items']} items, word reading included: median "
        f"{engine['median_ms']:.2f} ms, p95 {engine['p95_ms']:.2f} ms (target ≤ 5 ms); "
        f"first prep of a process, every statement read afresh: {engine['first_ms']:.1f} ms"
    )
    gui = result["gui"]
    print(f"prep panel and sheet, median of {gui['runs']} runs (heaviest client)")
    print(f"{'practice':<10}{'items':>7}{'panel ms':>10}{'sheet ms':>10}{'Dan panel ms':>14}")
    for size, figures in gui["by_size"].items():
        print(
            f"{size:<10}{figures['items']:>7}{figures['panel_ms']:>10.1f}"
            f"{figures['sheet_ms']:>10.1f}{figures['panel_seed_ms']:>14.1f}"
        )
    print(
        f"Dan's panel on {list(gui['by_size'])[-1]} / career (same history): "
        f"{gui['panel_ratio_to_career']:.2f}x "
        "(targets: panel ≤ 50 ms and ≤ 1.2x; sheet ≤ 100 ms)"
    )


def bench_notices(args: argparse.Namespace) -> dict[str, object]:
    return {"runs": args.runs, "by_size": _on_career_and_size("notices.py", args)}


def print_notices(result: dict[str, object]) -> None:
    print(f"\nnotices of the coming sessions, median / worst of {result['runs']} runs")
    print(f"{'practice':<10}{'sessions':>9}{'notices':>9}{'Today ms':>16}{'reminders ms':>16}")
    for size, figures in result["by_size"].items():
        today, soon = figures["today_ms"], figures["reminders_ms"]
        print(
            f"{size:<10}{figures['sessions']:>9}{figures['notices']:>9}"
            f"{today['median']:>9.1f} / {today['worst']:<5.0f}"
            f"{soon['median']:>9.1f} / {soon['worst']:<5.0f}"
        )
    print("(targets: Today ≤ 100 ms on career; reminders ≤ 250 ms on stress)")


def bench_wording(args: argparse.Namespace) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(HERE / "wording.py"), str(args.runs)],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=300,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_wording(result: dict[str, object]) -> None:
    print("\nstatement reader over its table of test sentences (micro-averaged over triggers)")
    for language, row in result["scores"].items():
        print(
            f"{language:<5}{row['sentences']:>4} sentences  precision {row['precision']:.3f}"
            f"  recall {row['recall']:.3f}"
        )
    speed = result["speed"]
    print(
        f"{speed['statements']} statements read (read_statement + keyword_hits): "
        f"cold {speed['cold_ms']:.1f} ms, warm {speed['warm_ms']:.2f} ms (target warm ≤ 5 ms)"
    )


def bench_backup(args: argparse.Namespace) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(HERE / "backup.py"), str(demo_folder(args.size)), str(args.runs)],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=900,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["practice"] = args.size
    result["targets"] = {"ratio": 2.0}
    return result


def print_backup(result: dict[str, object]) -> None:
    print(
        f"\nverified backup of the {result['practice']} practice ({result['size_mb']:.0f} MB), "
        f"median of {result['runs']} interleaved runs"
    )
    print(
        f"plain copy + fsync {result['copy_s']:.3f} s; verified backup {result['backup_s']:.3f} s "
        f"= {result['ratio']:.1f}x (target ≤ 2x)"
    )
    print(
        f"  steps alone: online backup {result['copy_phase_s']:.3f} s, then at the same time "
        f"fsync {result['fsync_phase_s']:.3f} s and the integrity and schema check of the copy "
        f"{result['check_phase_s']:.3f} s (on {result['check_workers']} cores)"
    )
    print(
        f"Back up now in the window: {result['gui_backup_s']:.3f} s, longest event-loop stall "
        f"{result['longest_stall_ms']:.1f} ms"
    )


def bench_portable(args: argparse.Namespace) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(HERE / "portable.py"), str(demo_folder("career")), str(args.runs)],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=900,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["practice"] = "career"
    return result


def print_portable(result: dict[str, object]) -> None:
    print(
        f"\nexport and import of the {result['practice']} practice ({result['clients']:,} "
        f"clients, {result['sessions']:,} sessions, {result['matters']:,} items), "
        f"median of {result['runs']} runs"
    )
    print(
        f"JSON export {result['json_export_s']:.2f} s ({result['json_mb']:.1f} MB); "
        f"import into an empty data file {result['json_import_s']:.2f} s "
        f"(read and check {result['json_read_check_s']:.2f} s)"
    )
    print(f"CSV export (four files) {result['csv_export_s']:.2f} s ({result['csv_mb']:.1f} MB)")


def bench_portable_memory(args: argparse.Namespace) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, str(HERE / "portable_memory.py"), str(demo_folder(args.size))],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=1800,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["practice"] = args.size
    return result


def print_portable_memory(result: dict[str, object]) -> None:
    print(
        f"\npeak memory of the JSON export and import of the {result['practice']} practice "
        f"({result['json_mb']:.1f} MB file; target < 400 MB each)"
    )
    print(
        f"export {result['export_peak_mb']:.0f} MB ({result['export_s']:.1f} s); "
        f"import into an empty data folder {result['import_peak_mb']:.0f} MB "
        f"({result['import_s']:.1f} s)"
    )


def bench_filters(args: argparse.Namespace) -> dict[str, object]:
    result = _script_json("filters.py", demo_folder(args.size), args.runs)
    result["practice"] = args.size
    return result


def print_filters(result: dict[str, object]) -> None:
    targets = result["targets"]
    print(
        f"\nthe lists' own filters on the {result['practice']} practice: "
        f"{', '.join(repr(word) for word in result['words'])} typed and deleted a key at a "
        f"time, {result['runs']} rounds after a first one; ms per keystroke"
    )
    print(
        f"{'list':<34}{'rows':>6}  {'painted: median':>15}{'p90':>6}{'worst':>7}"
        f"  {'forced: median':>14}{'worst':>7}  {'cpu median':>10}{'gc':>4}"
        f"  {'first round worst':>17}  ok"
    )
    for name, row in result["lists"].items():
        shown = name if row["period"] is None else f"{name} ({row['period']})"
        painted, forced, first = row["painted"], row["forced"], row["first_round"]
        ok = (
            painted["median_ms"] <= targets["median_ms"]
            and painted["worst_ms"] <= targets["worst_ms"]
        )
        print(
            f"{shown:<34}{row['rows']:>6}  {painted['median_ms']:>15.1f}{painted['p90_ms']:>6.1f}"
            f"{painted['worst_ms']:>7.1f}  {forced['median_ms']:>14.1f}{forced['worst_ms']:>7.1f}"
            f"  {row['cpu']['median_ms']:>10.1f}{row['with_gc']:>4}"
            f"  {first['worst_ms']:>10.1f} ({first['worst_after']})  {'yes' if ok else 'NO'}"
        )
    print(
        f"targets: median ≤ {targets['median_ms']:.0f} ms, worst ≤ {targets['worst_ms']:.0f} ms; "
        "painted: until the list's repaint (the targets' measure); forced: and one more "
        "forced repaint, which the window does not do; gc: keystrokes the app's garbage "
        "collector ran in"
    )


def bench_search(args: argparse.Namespace) -> dict[str, object]:
    folder = demo_folder(args.size)
    return {
        "practice": args.size,
        "box": _script_json("search.py", "box", folder, args.runs),
        "import": _script_json("search.py", "import", demo_folder("career"), args.runs),
        "size": _script_json("search.py", "size", folder, timeout=1800),
        "size_career": _script_json("search.py", "size", demo_folder("career")),
    }


def print_search(result: dict[str, object]) -> None:
    box, imported = result["box"], result["import"]
    targets = box["targets"]
    steady, first = box["steady"], box["first_round"]
    ok = steady["median_ms"] <= targets["median_ms"] and steady["worst_ms"] <= targets["worst_ms"]
    print(
        f"\nthe search box on the {result['practice']} practice: "
        f"{', '.join(repr(word) for word in box['words'])} typed and deleted a key at a time, "
        f"{box['runs']} rounds after a first one; ms per keystroke until the results are painted"
    )
    print(
        f"median {steady['median_ms']:.1f}, p90 {steady['p90_ms']:.1f}, worst "
        f"{steady['worst_ms']:.1f} ({steady['worst_after']}); first round: median "
        f"{first['median_ms']:.1f}, worst {first['worst_ms']:.1f} ({first['worst_after']}); "
        f"targets ≤ {targets['median_ms']:.0f} / ≤ {targets['worst_ms']:.0f}: "
        f"{'yes' if ok else 'NO'}"
    )
    extra = imported["extra"]
    print(
        f"keeping the index on the career practice's JSON import: {imported['with_index_s']:.2f} s "
        f"with it, {imported['without_index_s']:.2f} s without, +{extra:.0%} (target ≤ "
        f"{targets['import_extra']:.0%}: {'yes' if extra <= targets['import_extra'] else 'NO'})"
    )
    for name, size in (("the practice", result["size"]), ("career", result["size_career"])):
        print(
            f"the index on disk ({name}, {size['rows']:,} records): {size['index_mb']:.1f} MB "
            f"of {size['file_with_index_mb']:.1f} MB (the file without it: "
            f"{size['file_without_index_mb']:.1f} MB)"
        )


KINDS = ("plain", "encrypted")
ENCRYPTION_TARGETS = {"pages": 1.3, "backup": 1.5, "first_paint_ratio": 1.25}


def _script_json(script: str, *arguments: object, timeout: int = 600) -> dict:
    out = subprocess.run(
        [sys.executable, str(HERE / script), *map(str, arguments)],
        capture_output=True,
        text=True,
        env=_environment(),
        check=True,
        timeout=timeout,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_encryption(args: argparse.Namespace) -> dict[str, object]:
    plain, encrypted = demo_folder(args.size), encrypted_demo_folder(args.size)
    compileall.compile_dir(HERE.parent / "coachdesk", quiet=1)
    result = _script_json("encryption.py", plain, encrypted, PASSPHRASE_FILE, args.runs)

    # From the passphrase to Today painted, each start a fresh process, interleaved.
    starts: dict[str, list[dict[str, float]]] = {"plain": [], "encrypted": []}
    given = {"plain": (plain,), "encrypted": (encrypted, PASSPHRASE_FILE)}
    for kind in given:
        _script_json("encryption.py", "--first-data", *given[kind])  # warm-up
    for _ in range(args.runs):
        for kind, arguments in given.items():
            starts[kind].append(_script_json("encryption.py", "--first-data", *arguments))
    first_data = {
        kind: {step: statistics.median(run[step] for run in runs) for step in runs[0]}
        for kind, runs in starts.items()
    }
    first_data["ratio"] = first_data["encrypted"]["total_s"] / first_data["plain"]["total_s"]
    after_unlock = {
        kind: first_data[kind]["total_s"] - first_data[kind]["unlock_s"] for kind in KINDS
    }
    first_data["after_unlock_ratio"] = after_unlock["encrypted"] / after_unlock["plain"]
    result["first_data"] = first_data

    # Start-up: the first painted window and the unlock prompt, against the bare window.
    env = _environment()
    env["COACHDESK_TRACE_STARTUP"] = "1"
    bare = [sys.executable, str(HERE / "bare_window.py")]
    app = [sys.executable, "-m", "coachdesk", "--data-dir", str(plain)]
    # CoachDesk's own trace prints when the unlock screen is painted, and quits there.
    locked = [sys.executable, "-m", "coachdesk", "--data-dir", str(encrypted)]
    for command in (bare, app, locked):
        _traced(command, env)
    samples: dict[str, list[float]] = {"bare": [], "plain": [], "encrypted": [], "prompt": []}
    for _ in range(args.runs):
        samples["bare"].append(_traced(bare, env)["first_paint"])
        samples["plain"].append(_traced(app, env)["first_paint"])
        events = _traced(locked, env)
        samples["encrypted"].append(events["first_paint"])
        if "unlock_prompt" in events:
            samples["prompt"].append(events["unlock_prompt"])
    base = statistics.median(samples["bare"])
    startup = {
        "bare_window_s": base,
        "plain_first_paint_s": statistics.median(samples["plain"]),
        "first_paint_s": statistics.median(samples["encrypted"]),
        "unlock_prompt_s": statistics.median(samples["prompt"]) if samples["prompt"] else None,
        "samples": samples,
    }
    for name in ("plain_first_paint", "first_paint", "unlock_prompt"):
        seconds = startup[f"{name}_s"]
        startup[f"{name}_ratio"] = None if seconds is None else seconds / base
    result["startup"] = startup
    result["practice"] = args.size
    result["targets"] = ENCRYPTION_TARGETS
    return result


def _verdict(ratio: float | None, target: float) -> str:
    if ratio is None:
        return "—"
    return "ok" if ratio <= target else "NO"


def print_encryption(result: dict[str, object]) -> None:
    targets = result["targets"]
    print(
        f"\nencrypted against plain, {result['practice']} practice "
        f"({result['size_mb']['encrypted']:.0f} MB), median of {result['runs']} runs"
    )
    print(f"key derivation alone (scrypt N=2^17, r=8, p=1, then AES-GCM): {result['kdf_s']:.3f} s")
    print(f"{'measure':<44}{'plain':>10}{'encrypted':>11}{'ratio':>8}{'target':>8}  ok")
    rows = (
        ("Today, until painted (ms)", result["today_ms"], targets["pages"], "{:.1f}"),
        (
            f"client page, {result['client']['sessions']} sessions (ms)",
            result["client_page_ms"],
            targets["pages"],
            "{:.1f}",
        ),
        (
            f"prep panel, {result['prep_items']} items (ms)",
            result["prep_panel_ms"],
            targets["pages"],
            "{:.1f}",
        ),
        ("verified backup (s)", result["backup_s"], targets["backup"], "{:.3f}"),
    )
    for name, row, target, shown in rows:
        print(
            f"{name:<44}{shown.format(row['plain']):>10}{shown.format(row['encrypted']):>11}"
            f"{row['ratio']:>7.2f}x{'≤' + str(target):>8}  {_verdict(row['ratio'], target)}"
        )
    for kind in ("plain", "encrypted"):
        steps = result["backup_steps"][kind]
        print(
            f"  backup steps alone, {kind}: online backup {steps['online_backup_s']:.3f} s, "
            f"fsync {steps['fsync_s']:.3f} s, verification {steps['verify_s']:.3f} s"
        )
    first = result["first_data"]
    plain, encrypted = first["plain"], first["encrypted"]
    print(
        f"passphrase to Today painted (fresh start, window already painted): "
        f"{encrypted['total_s']:.3f} s = unlock {encrypted['unlock_s']:.3f} + open "
        f"{encrypted['open_s']:.3f} + attach and paint {encrypted['attach_paint_s']:.3f} "
        f"(of which Today's reads {encrypted['today_reads_s']:.3f})"
    )
    print(
        f"  plain, open to Today painted: {plain['total_s']:.3f} s (Today's reads "
        f"{plain['today_reads_s']:.3f}); encrypted after the unlock: "
        f"{first['after_unlock_ratio']:.2f}x plain"
    )
    startup = result["startup"]
    print(f"start-up, bare window {startup['bare_window_s']:.3f} s")
    target = targets["first_paint_ratio"]
    for name, key in (
        ("plain practice, first painted window", "plain_first_paint"),
        ("encrypted, first painted window", "first_paint"),
        ("encrypted, unlock prompt painted", "unlock_prompt"),
    ):
        seconds, ratio = startup[f"{key}_s"], startup[f"{key}_ratio"]
        if seconds is None:
            print(f"  {name:<42}  not measured (no unlock screen in this CoachDesk)")
            continue
        print(
            f"  {name:<42}{seconds:>8.3f} s{ratio:>7.2f}x{'≤' + str(target):>8}  "
            f"{_verdict(ratio, target)}"
        )


BENCHMARKS: dict[str, tuple[Callable[[argparse.Namespace], dict], Callable[[dict], None]]] = {
    "startup": (bench_startup, print_startup),
    "pages": (bench_pages, print_pages),
    "prep": (bench_prep, print_prep),
    "notices": (bench_notices, print_notices),
    "backup": (bench_backup, print_backup),
    "portable": (bench_portable, print_portable),
    "wording": (bench_wording, print_wording),
    "portable_memory": (bench_portable_memory, print_portable_memory),
    "encryption": (bench_encryption, print_encryption),
    "filters": (bench_filters, print_filters),
    "search": (bench_search, print_search),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", choices=("demo", "career", "stress"), default="stress")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    report = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    for name in args.only or sorted(BENCHMARKS):
        run, show = BENCHMARKS[name]
        result = run(args)
        show(result)
        report[name] = result
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
