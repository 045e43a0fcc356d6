"""``make bench``: the delivery API against Wagtail's own API v2 and a fixed-JSON ceiling, on the
same generated network, in one run, on this machine.

For each network size (BENCH_SIZES, default 1000,10000,100000 articles over 5 clinics) it builds
the network on PostgreSQL (kept between runs: drop the clinic_bench_* databases to rebuild),
serves it with gunicorn (2 sync workers, persistent connections) and Redis, and measures with wrk:
req/s at 16 connections, p50 and p99 at 1 connection, and queries per request. This machine's
speed drifts from minute to minute, so what is compared is measured close together: each of our
requests back to back with v2's equivalent; each cached measurement right after one of the
fixed-JSON ceiling, in rounds (BENCH_ROUNDS, default 3; medians of the rounds' ratios); and growth with the smallest and largest
networks served at once, their p50s measured alternately. Then, at each size, the admin views a
clinic editor, a reviewer and an administrator use (``bench/admin.py``); then webhooks and the
outbox of changes (``bench/change_delivery.py``, on a 50-clinic network of its own). It writes
docs/performance.md, prints each target's ratio and exits non-zero when a target is missed.
"""

import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import change_delivery as bench_changes  # bench/ is on the path when this script runs
import claims as bench_claims

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
SIZES = [int(size) for size in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
CLINICS = 5
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PG = os.environ.get("BENCH_PG", "postgres://clinic_network@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
GROWTH_REDIS_URL = os.environ.get("BENCH_GROWTH_REDIS_URL", "redis://127.0.0.1:6379/4")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
MEMORY_URLS = int(os.environ.get("BENCH_MEMORY_URLS", "50000"))  # distinct URLs before workers' memory is read
ADMIN_TIMES = int(os.environ.get("BENCH_ADMIN_TIMES", "15"))  # timed requests per admin view (bench/admin.py)
DETAILS = 20  # uncached detail requests go to the clinic's newest 20 articles in turn
BASE = f"http://127.0.0.1:{PORT}"
TARGETS = {
    "cards": 8.0,  # our article cards list, uncached, vs v2's equivalent list
    "detail": 2.0,  # our article detail, uncached, vs v2's detail
    "search": 5.0,  # our search vs v2's search, at 10,000 articles
    "cached": 0.6,  # cached responses and 304s vs the fixed-JSON ceiling
    "growth": 1.3,  # p50 at the largest size vs the smallest, at most
    "admin p50 ms": 300.0,  # each admin view at the largest size, at most
    "admin queries growth": 2,  # more queries at the largest size than at the smallest, at most
}


def run(*args, env=None, check=True, capture=True) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=capture, text=True)
    if check and result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def django_env(database: str, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"{PG}/{database}",
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": REDIS_URL,
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def psql(sql: str) -> str:
    return run("psql", f"{PG}/postgres", "-tAc", sql).strip()


def build_network(size: int) -> str:
    database = f"clinic_bench_{size}"
    if psql(f"SELECT 1 FROM pg_database WHERE datname='{database}'") == "1":
        count = run(
            "psql", f"{PG}/{database}", "-tAc", "SELECT count(*) FROM articles_articlepage", check=False
        ).strip()
        if count.isdigit() and int(count) >= size:
            print(f"[{size}] reusing {database} ({count} articles)")
            run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=django_env(database))
            return database
        psql(f"DROP DATABASE {database}")
    psql(f"CREATE DATABASE {database}")
    env = django_env(database)
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v", "0", env=env)
    started = time.monotonic()
    print(f"[{size}] generating the network ...", flush=True)
    run(
        PYTHON,
        "manage.py",
        "generate_network",
        "--clinics",
        str(CLINICS),
        "--articles",
        str(size),
        "--seed",
        "1",
        env=env,
    )
    run("psql", f"{PG}/{database}", "-tAc", "VACUUM ANALYZE")  # fresh statistics after the bulk load
    print(f"[{size}] generated in {time.monotonic() - started:.0f} s", flush=True)
    return database


def serve_whole_tree_to_v2(database: str) -> None:
    """Wagtail API v2 only serves the pages of the request's Site: make the benchmark host's
    default site span the whole tree, so v2 sees the shared library and every clinic."""
    run(
        "psql",
        f"{PG}/{database}",
        "-tAc",
        "UPDATE wagtailcore_site SET is_default_site = false; "
        "UPDATE wagtailcore_site SET is_default_site = true, root_page_id = "
        "(SELECT id FROM wagtailcore_page WHERE depth = 1 ORDER BY path LIMIT 1), hostname = '127.0.0.1', "
        f"port = {PORT} WHERE id = (SELECT min(id) FROM wagtailcore_site "
        "WHERE id NOT IN (SELECT site_id FROM clinics_clinic WHERE site_id IS NOT NULL))",
    )


class Server:
    def __init__(self, database: str, *, response_cache: bool, port: int = PORT, redis_url: str = REDIS_URL):
        self.env = django_env(database, API_RESPONSE_CACHE="true" if response_cache else "false", REDIS_URL=redis_url)
        self.port, self.redis_url = port, redis_url
        self.base = f"http://127.0.0.1:{port}"
        self.process = None

    def __enter__(self):
        run("redis-cli", "-u", self.redis_url, "FLUSHDB")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "network.wsgi:application",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                str(SLOWEST * 2),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/bench/fixed/", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def get(url: str, headers: dict) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=SLOWEST) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk(
    url: str, *, connections: int, seconds: int, auth: str = "", etag: str = "", paths=(), paths_file: str = ""
) -> dict:
    env = {
        **os.environ,
        "BENCH_AUTH": auth,
        "BENCH_IF_NONE_MATCH": etag,
        "BENCH_PATHS": " ".join(paths),
        "BENCH_PATHS_FILE": paths_file,
    }
    out = run(
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-s",
        str(ROOT / "bench" / "headers.lua"),
        url,
        env=env,
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)

    def latency(percentile):
        match = re.search(rf"\s{percentile}%\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": rps,
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "requests": requests,
    }


def timed(url: str, *, auth: str, etag: str, times: int = 10) -> dict:
    """p50 and p99 (the slowest) of sequential requests: for endpoints too slow for wrk to
    collect enough requests at one connection in the run's time."""
    headers = {"Authorization": auth} if auth else {}
    if etag:
        headers["If-None-Match"] = etag
    took = []
    for _ in range(times):
        started = time.perf_counter()
        try:
            get(url, headers)
        except OSError:  # slower than SLOWEST seconds: not a sample
            break
        took.append((time.perf_counter() - started) * 1000)
        if sum(took) > 30_000:  # enough samples of a very slow endpoint
            break
    if not took:
        return {"p50": None, "p99": None}
    took.sort()
    return {"p50": took[len(took) // 2], "p99": took[-1]}


SLOWEST = 60  # seconds: a request slower than this is reported as timed out, not measured


def warm(url: str, *, auth: str, paths=()) -> None:
    """Warm both workers on the URL (and on each of ``paths``, requests going to each in turn)."""
    origin = url[: url.index("/", len("http://"))]
    for target in [url] * 3 + [origin + path for path in paths for _ in range(2)]:
        get(target, {"Authorization": auth} if auth else {})


def single_connection(url: str, *, auth: str, etag: str = "", paths=()) -> dict:
    """p50 and p99 at one connection (of sequential requests when too few fit in the run's time)."""
    single = wrk(url, connections=1, seconds=max(3, DURATION // 2), auth=auth, etag=etag, paths=paths)
    return single if single["requests"] >= 20 else timed(url, auth=auth, etag=etag)


def measure(url: str, *, auth: str = "", etag: str = "", paths=()) -> dict:
    """req/s at 16 connections, p50 and p99 at one; with ``paths``, requests go to each in turn."""
    try:
        warm(url, auth=auth, paths=paths)
    except OSError:  # slower than SLOWEST seconds (or the worker was killed for it)
        return {"rps": 0.0, "p50": None, "p99": None, "errors": f"timed out (over {SLOWEST} s)"}
    loaded = wrk(url, connections=16, seconds=DURATION, auth=auth, etag=etag, paths=paths)
    single = single_connection(url, auth=auth, etag=etag, paths=paths)
    return {"rps": loaded["rps"], "p50": single["p50"], "p99": single["p99"], "errors": loaded["errors"]}


def ceiling_rps() -> float:
    """The fixed-JSON ceiling's req/s at 16 connections, measured right before each cached
    measurement it is compared with: this machine's speed drifts within a round."""
    return wrk(f"{BASE}/bench/fixed/", connections=16, seconds=DURATION)["rps"]


def targets_for(database: str, auth: str, base: str = BASE) -> dict:
    """Our URLs and Wagtail API v2's equivalents, for one clinic of the generated network, and
    under "rotate" the paths of its newest DETAILS articles, which detail requests go to in turn
    (generated articles differ in length, links and images: one article alone would make two
    networks' details differ by the article, not by the network's size)."""
    status, _, body = get(f"{base}/api/v1/clinics/clinic-000/articles/?page_size={DETAILS}", {"Authorization": auth})
    assert status == 200, body
    newest = json.loads(body)["results"]
    article = newest[0]
    home_id = run(
        "psql",
        f"{PG}/{database}",
        "-tAc",
        "SELECT p.id FROM wagtailcore_site s JOIN clinics_clinic c ON c.site_id = s.id "
        "JOIN wagtailcore_page p ON p.id = s.root_page_id WHERE c.slug = 'clinic-000'",
    ).strip()
    ours = f"{base}/api/v1/clinics/clinic-000"
    v2 = f"{base}/bench/v2/pages/?type=articles.ArticlePage"
    return {
        "ours": {
            "list 20 cards": f"{ours}/articles/?page_size=20",
            "list 100": f"{ours}/articles/?page_size=100",
            "detail": f"{ours}/articles/{article['slug']}/",
            "filtered list": f"{ours}/articles/?page_size=20&scope=shared&tag=ketamine",
            "search": f"{ours}/articles/?search=ketamine&page_size=20",
        },
        "v2": {
            "list 20 cards": f"{v2}&fields=summary,tags&descendant_of={home_id}&limit=20",
            "list 100": f"{v2}&fields=*&limit=100",
            "detail": f"{base}/bench/v2/pages/{article['id']}/",
            "filtered list": f"{v2}&fields=summary,tags&limit=20&tags=ketamine",
            "search": f"{v2}&search=ketamine&limit=20",
        },
        "rotate": {
            "ours": {"detail": [f"/api/v1/clinics/clinic-000/articles/{each['slug']}/" for each in newest]},
            "v2": {"detail": [f"/bench/v2/pages/{each['id']}/" for each in newest]},
        },
    }


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def bench_key(database: str) -> str:
    command = (PYTHON, "manage.py", "create_api_key", "--network", "--name", "Benchmark")
    return "Api-Key " + run(*command, env=django_env(database)).strip()


CACHED = ("list 20 cards", "detail")


def workers_resident_kib(server: "Server") -> list[int]:
    """The resident memory (VmRSS, KiB) of each gunicorn worker of the server."""
    children = run("pgrep", "-P", str(server.process.pid)).split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE).group(1)))
    return sizes


def memory_after_distinct_urls(server: "Server", *, auth: str, count: int) -> dict:
    """Each worker's resident memory before and after serving ``count`` distinct URLs (article
    lists changed since distinct instants: each one a response built, cached and remembered by the
    process), half of them and then all: a process whose stores are bounded stops growing."""
    ours = "/api/v1/clinics/clinic-000/articles/?page_size=5&updated_since="
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    paths = [ours + (start + datetime.timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ") for n in range(count)]
    readings = {"before": workers_resident_kib(server), "non-2xx answers": 0}
    for label, chunk in (("after half", paths[: count // 2]), ("after all", paths[count // 2 :])):
        with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as handle:
            handle.write("\n".join(chunk))
        try:
            # Each of wrk's two threads goes through the paths in turn: run until both went through all.
            made = 0
            while made < 2 * len(chunk):
                result = wrk(f"{BASE}{chunk[0]}", connections=16, seconds=10, auth=auth, paths_file=handle.name)
                made += result["requests"]
                readings["non-2xx answers"] += result["errors"]
        finally:
            os.unlink(handle.name)
        readings[label] = workers_resident_kib(server)
    return {"urls": count, **readings}


def bench_size(size: int) -> dict:
    """Every measurement at one size. Each of our requests is measured back to back with v2's
    equivalent; cached responses are measured in ROUNDS rounds, each with the fixed-JSON ceiling,
    and compared round by round (this machine's speed drifts between minutes)."""
    database = build_network(size)
    serve_whole_tree_to_v2(database)
    auth = bench_key(database)
    results = {"size": size, "database": database, "uncached": {}, "v2": {}, "cached": {}, "queries": {}}
    with Server(database, response_cache=False):
        urls = targets_for(database, auth)
        for name, url in urls["ours"].items():
            results["uncached"][name] = measure(url, auth=auth, paths=urls["rotate"]["ours"].get(name, ()))
            results["v2"][name] = measure(urls["v2"][name], paths=urls["rotate"]["v2"].get(name, ()))
            print(f"[{size}] {name}: ours {results['uncached'][name]}, v2 {results['v2'][name]}", flush=True)
        results["fixed"] = measure(f"{BASE}/bench/fixed/")
        print(f"[{size}] fixed: {results['fixed']}", flush=True)
    with Server(database, response_cache=True):
        etags = {name: get(urls["ours"][name], {"Authorization": auth})[1].get("ETag", "") for name in CACHED}
        rounds = []
        for number in range(ROUNDS):
            measured, ceilings = {"fixed": measure(f"{BASE}/bench/fixed/")}, {}
            for name in CACHED:
                for label, etag in ((name, ""), (f"{name} (304)", etags[name])):
                    ceilings[label] = ceiling_rps()
                    measured[label] = measure(urls["ours"][name], auth=auth, etag=etag)
            measured["ceilings"] = ceilings
            rounds.append(measured)
            print(f"[{size}] cached round {number + 1}: {measured}", flush=True)
    if size == SIZES[-1] and MEMORY_URLS:
        with Server(database, response_cache=True) as server:
            results["memory"] = memory_after_distinct_urls(server, auth=auth, count=MEMORY_URLS)
        print(f"[{size}] memory: {results['memory']}", flush=True)
    results["cached rounds"] = rounds
    for name in rounds[0]["ceilings"]:
        results["cached"][name] = {
            "rps": median([each[name]["rps"] for each in rounds]),
            "p50": median([each[name]["p50"] for each in rounds]),
            "p99": median([each[name]["p99"] for each in rounds]),
            "vs fixed": median([ratio(each[name]["rps"], each["ceilings"][name]) for each in rounds]),
        }
    results["fixed cached run"] = {
        key: median([each["fixed"][key] for each in rounds]) for key in ("rps", "p50", "p99")
    }
    env = django_env(database)
    ours_q = json.loads(
        run(
            PYTHON,
            "bench/queries.py",
            auth,
            json.dumps({k: v.replace(BASE, "") for k, v in urls["ours"].items()}),
            env=env,
        )
    )
    measurable = {k: v.replace(BASE, "") for k, v in urls["v2"].items() if results["v2"][k]["p50"] is not None}
    v2_q = json.loads(run(PYTHON, "bench/queries.py", "", json.dumps(measurable), env=env))
    v2_q.update({k: "timed out" for k in urls["v2"] if k not in measurable})
    results["queries"] = {"ours": ours_q, "v2": v2_q}
    print(f"[{size}] admin views ...", flush=True)
    results["admin"] = json.loads(run(PYTHON, "bench/admin.py", env=env).strip().splitlines()[-1])
    print(f"[{size}] admin: {results['admin']}", flush=True)
    return results


GROWTH = ("list 20 cards", "detail", "search")


def growth(small: dict, large: dict) -> dict:
    """p50 of list, detail and search at the smallest and the largest size, both networks served
    at once (each with its own Redis database) and measured alternately in ROUNDS rounds, so the
    comparison is not skewed by the minutes between the two sizes' runs."""
    servers = (
        Server(small["database"], response_cache=False, port=PORT, redis_url=REDIS_URL),
        Server(large["database"], response_cache=False, port=PORT + 1, redis_url=GROWTH_REDIS_URL),
    )
    with servers[0], servers[1]:
        sides = []
        for server, results in zip(servers, (small, large), strict=True):
            auth = bench_key(results["database"])
            targets = targets_for(results["database"], auth, base=server.base)
            sides.append((auth, targets["ours"], targets["rotate"]["ours"]))
        samples = {name: {"small": [], "large": [], "ratio": []} for name in GROWTH}

        def p50(side, name: str) -> float:
            auth, urls, rotate = side
            warm(urls[name], auth=auth, paths=rotate.get(name, ()))
            return single_connection(urls[name], auth=auth, paths=rotate.get(name, ()))["p50"]

        for number in range(ROUNDS):
            for name in GROWTH:
                p50_small, p50_large = p50(sides[0], name), p50(sides[1], name)
                samples[name]["small"].append(p50_small)
                samples[name]["large"].append(p50_large)
                samples[name]["ratio"].append(ratio(p50_large, p50_small))
            print(f"growth round {number + 1}: {samples}", flush=True)
    return {
        name: {
            "p50 small": median(values["small"]),
            "p50 large": median(values["large"]),
            "ratio": median(values["ratio"]),
        }
        for name, values in samples.items()
    }


def machine() -> str:
    cpu = "unknown CPU"
    if Path("/proc/cpuinfo").exists():
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1) if match else cpu
    memory = ""
    if Path("/proc/meminfo").exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def ms(value: float | None) -> str:
    return "timed out" if value is None else f"{value:.1f}"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def measured_commit() -> str:
    """The commit being measured, read when the run starts; "+ changes" if the tree differs."""
    commit = run("git", "rev-parse", "--short", "HEAD", check=False).strip() or "unknown"
    dirty = run("git", "status", "--porcelain", "--untracked-files=no", check=False).strip()
    return f"{commit} + uncommitted changes" if dirty else commit


def memory_lines(results: dict) -> list[str]:
    """The report's memory section: each worker's resident size before and after the distinct URLs."""
    memory = results.get("memory")
    if not memory:
        return []
    lines = []
    lines += [
        f"## Memory: each worker's resident size after {memory['urls']:,} distinct URLs",
        "",
        f"At {results['size']:,} articles, with the response cache on: article lists changed since "
        f"{memory['urls']:,} distinct instants, each built, cached and remembered by the process that served it.",
        "The process stores are bounded (least recently used go first): 5,000 cached values, 50,000",
        "response entries' tag names, 10,000 keys, 100,000 page keys (`network.speed.cache.ProcessStore`).",
        "",
        "| worker | before MiB | after half MiB | after all MiB |",
        "|---|---|---|---|",
    ]
    for number, sizes in enumerate(zip(memory["before"], memory["after half"], memory["after all"], strict=False)):
        lines.append(f"| {number + 1} | " + " | ".join(f"{kib / 1024:.0f}" for kib in sizes) + " |")
    lines.append("")
    return lines


def admin_lines(all_results: list[dict], checks: list) -> list[str]:
    """The admin section: each view's p50, p90 and queries at every size (``bench/admin.py``), and
    its checks: p50 under the target at the largest size, queries not growing with the network."""
    measured = [results for results in all_results if results.get("admin")]
    if not measured:
        return []
    smallest, largest = measured[0], measured[-1]
    header = " | ".join(f"p50 ms / p90 ms / queries at {results['size']:,}" for results in measured)
    lines = [
        "## The admin, logged in",
        "",
        "Sequential requests through the real admin views in one process (`bench/admin.py`, Django's test",
        f"client against the benchmark's database and Redis): {ADMIN_TIMES} timed after 2 warming ones.",
        "",
        f"| view | {header} |",
        "|---|" + "---|" * len(measured),
    ]
    for name in largest["admin"]:
        cells = []
        for results in measured:
            view = results["admin"].get(name)
            cells.append(f"{view['p50']:.0f} / {view['p90']:.0f} / {view['queries']}" if view else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
        view = largest["admin"][name]
        checks.append((f"admin p50 ms at {largest['size']:,}: {name}", view["p50"], TARGETS["admin p50 ms"], "<="))
        if view["status"] != 200:
            checks.append((f"admin answers 200: {name} ({view['status']})", 0, 1, ">="))
        if largest is not smallest and name in smallest["admin"]:
            grown = view["queries"] - smallest["admin"][name]["queries"]
            checks.append(
                (
                    f"admin queries, {largest['size']:,} minus {smallest['size']:,}: {name}",
                    grown,
                    TARGETS["admin queries growth"],
                    "<=",
                )
            )
    lines.append("")
    return lines


def sections_of(benches, checks: list) -> list[str]:
    """The sections of the benchmarks run beside the API's (``lines(results)`` each), their
    checks added to ``checks``; a benchmark left out (None) has none."""
    lines: list[str] = []
    for bench, results in benches:
        if results is not None:
            section, section_checks = bench.lines(results)
            lines += section
            checks += section_checks
    return lines


def report(
    all_results: list[dict],
    growth_results: dict,
    commit: str,
    changes: dict | None = None,
    claims: dict | None = None,
) -> tuple[str, list[str]]:
    lines = [
        "# Performance",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit `{commit}`, on {machine()}.",
        f"Command: `make bench` (BENCH_SIZES={','.join(map(str, SIZES))}, BENCH_DURATION={DURATION}, BENCH_ROUNDS={ROUNDS}).",
        "Setup: PostgreSQL, Redis, gunicorn with 2 sync workers and persistent database connections,",
        f"{CLINICS} clinics, wrk over loopback: req/s at 16 connections for {DURATION} s, p50/p99 at 1 connection.",
        '"Uncached" means the server-side cache of built responses is off (network structure, settings',
        "and keys are still cached); Wagtail API v2 runs in the same processes with the same settings.",
        f"Uncached detail requests (ours and v2's) go to the clinic's newest {DETAILS} articles in turn; each of",
        "our requests is measured right before v2's equivalent.",
        "",
    ]
    failures, checks = [], []
    for results in all_results:
        size = results["size"]
        lines += [
            f"## {size:,} articles",
            "",
            "| request | ours req/s | ours p50 ms | ours p99 ms | ours queries | v2 req/s | v2 p50 ms | v2 p99 ms | v2 queries | ratio |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, ours in results["uncached"].items():
            v2 = results["v2"][name]
            lines.append(
                f"| {name} | {ours['rps']:.0f} | {ms(ours['p50'])} | {ms(ours['p99'])} | {results['queries']['ours'].get(name)} "
                f"| {v2['rps']:.0f} | {ms(v2['p50'])} | {ms(v2['p99'])} | {results['queries']['v2'].get(name)} | {ratio(ours['rps'], v2['rps']):.1f}x |"
            )
        fixed = results["fixed cached run"]
        lines += [
            "",
            f"Cached run: medians of {len(results['cached rounds'])} rounds. Each cached measurement's req/s is "
            "compared with the fixed-JSON ceiling's, measured right before it; "
            '"vs fixed JSON" is the median of those ratios over the rounds.',
            "",
            "| cached run | req/s | p50 ms | p99 ms | vs fixed JSON |",
            "|---|---|---|---|---|",
        ]
        for name, measured in results["cached"].items():
            lines.append(
                f"| {name} | {measured['rps']:.0f} | {ms(measured['p50'])} | {ms(measured['p99'])} | {measured['vs fixed']:.0%} |"
            )
        lines.append(f"| fixed JSON (ceiling) | {fixed['rps']:.0f} | {fixed['p50']:.1f} | {fixed['p99']:.1f} | 100% |")
        lines.append("")
        checks.append(
            (
                f"{size}: cards list vs v2",
                ratio(results["uncached"]["list 20 cards"]["rps"], results["v2"]["list 20 cards"]["rps"]),
                TARGETS["cards"],
                ">=",
            )
        )
        checks.append(
            (
                f"{size}: detail vs v2",
                ratio(results["uncached"]["detail"]["rps"], results["v2"]["detail"]["rps"]),
                TARGETS["detail"],
                ">=",
            )
        )
        if size == 10_000:
            checks.append(
                (
                    f"{size}: search vs v2",
                    ratio(results["uncached"]["search"]["rps"], results["v2"]["search"]["rps"]),
                    TARGETS["search"],
                    ">=",
                )
            )
        worst_cached = min(m["vs fixed"] for m in results["cached"].values())
        checks.append((f"{size}: slowest cached/304 vs fixed JSON", worst_cached, TARGETS["cached"], ">="))
    if growth_results:
        small, large = all_results[0]["size"], all_results[-1]["size"]
        lines += [
            f"## Growth: {small:,} and {large:,} articles served at once, measured alternately",
            "",
            f"Medians of {ROUNDS} rounds; the ratio is the median of each round's ratio.",
            "",
            f"| request | p50 ms at {small:,} | p50 ms at {large:,} | ratio |",
            "|---|---|---|---|",
        ]
        for name, measured in growth_results.items():
            lines.append(
                f"| {name} | {measured['p50 small']:.1f} | {measured['p50 large']:.1f} | {measured['ratio']:.2f} |"
            )
            checks.append((f"p50 {name}, {large:,} vs {small:,}", measured["ratio"], TARGETS["growth"], "<="))
        lines.append("")
    lines += memory_lines(all_results[-1])
    lines += admin_lines(all_results, checks)
    lines += sections_of(((bench_changes, changes), (bench_claims, claims)), checks)
    lines += ["## Targets", "", "| target | measured | wanted | |", "|---|---|---|---|"]
    for label, value, wanted, op in checks:
        ok = value >= wanted if op == ">=" else value <= wanted
        lines.append(f"| {label} | {value:.2f} | {op} {wanted} | {'met' if ok else 'MISSED'} |")
        print(f"{label}: {value:.2f} (want {op} {wanted}) {'met' if ok else 'MISSED'}")
        if not ok:
            failures.append(label)
    return "\n".join(lines) + "\n", failures


def measure_changes() -> dict | None:
    """``bench/change_delivery.py``: webhooks and the outbox, in a process of its own (it sets Django up
    against its own database). BENCH_CHANGES=0 leaves it out."""
    if os.environ.get("BENCH_CHANGES", "1") == "0":
        return None
    print("[changes] publish to receiver, fan-out, outbox ...", flush=True)
    output = run(PYTHON, "bench/change_delivery.py", "--json", env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(output.strip().splitlines()[-1])


def measure_claims() -> dict:
    """``bench/claims.py``: the claims checker, in a process of its own."""
    print("[claims] the checker on 2,000 words, check_claims ...", flush=True)
    output = run(PYTHON, "bench/claims.py", "--json", env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    for tool in ("wrk", "psql", "redis-cli"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: `make bench` installs it with apt-get; or install it yourself.")
    commit = measured_commit()
    all_results = [bench_size(size) for size in SIZES]
    growth_results = growth(all_results[0], all_results[-1]) if len(all_results) > 1 else {}
    changes = measure_changes()
    claims = measure_claims()
    text, failures = report(all_results, growth_results, commit, changes, claims)
    (ROOT / "docs" / "performance.md").write_text(text)
    (ROOT / "docs" / "performance.json").write_text(
        json.dumps({"sizes": all_results, "growth": growth_results, "changes": changes, "claims": claims}, indent=2)
    )
    print("Wrote docs/performance.md")
    if failures:
        print("Targets missed: " + "; ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
