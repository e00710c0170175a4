"""`make bench`: build a large committee tree, time the roster pages and API, compare with the goals.

Figures go to bench/results/latest.json and a Markdown table on stdout; docs/benchmarks.md quotes them.
Server time is measured in-process around Django's test client (the full middleware stack, templates and
queries; no network). The data is bulk-inserted with the same key functions the services use, since
creating 100,000 rows through the audited services would take the bench longer than the pages it measures.
"""
from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import random
import resource
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

GOALS_MS = {"p95": 100.0}
# Goals that differ from the pages' 100 ms (issue 3).
SPECIAL_GOALS_MS = {"similar proposals (a proposal)": 150.0, "similar proposals (draft text)": 150.0,
                    "figures, one committee-year": 200.0, "figures page (one committee-year)": 200.0,
                    # issue 10: every score of a 600-member committee's year, recomputed
                    "duty scores, recompute a 600-member committee's year": 2000.0}
# Timed and reported with no goal: the extreme a test cannot hold to a time (most of the tree's proposals at once).
REPORTED_ONLY = {"figures, the whole tree's year"}
GOAL_RSS_MB = 300.0
# The working lines after proposals; each has bench/<line>_data.py with build() and pages().
LINES = ("opinions", "meetings", "consultations", "supervision", "duty", "scoring")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--committees", type=int, default=int(os.environ.get("BENCH_COMMITTEES", "400")))
    parser.add_argument("--members-per-committee", type=int, default=int(os.environ.get("BENCH_MEMBERS", "250")))
    parser.add_argument("--proposals-per-committee", type=int,
                        default=int(os.environ.get("BENCH_PROPOSALS", "250")))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "40")))
    parser.add_argument("--databases", default=os.environ.get("BENCH_DATABASES", "sqlite,postgres"))
    parser.add_argument("--out", default="bench/results/latest.json")
    return parser.parse_args()


BENCH_DIR = Path(__file__).resolve().parent
# BENCH_NAME keeps concurrent runs (say, a small smoke run beside a full one) out of each other's files.
BENCH_NAME = os.environ.get("BENCH_NAME", "bench")
SQLITE_PATH = BENCH_DIR / "results" / f"{BENCH_NAME}.sqlite3"
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = f"lvzhi_{BENCH_NAME}"


def meta_path(db: str) -> Path:
    """What the build phase hands to the measuring process."""
    suffix = db if BENCH_NAME == "bench" else f"{BENCH_NAME}-{db}"
    return BENCH_DIR / "results" / f"meta-{suffix}.json"


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_BENCH_DB


def reset_database(db: str) -> None:
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {PG_BENCH_DB} ENCODING 'UTF8'")


def drop_database(db: str) -> None:
    if db == "sqlite":
        SQLITE_PATH.unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["CONN_MAX_AGE"] = "60"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lvzhi.settings")
    # The bench's databases are throw-away: a key made for the run (the settings refuse to start without one).
    os.environ.setdefault("SECRET_KEY", "lvzhi-bench-" + secrets.token_urlsafe(32))
    # The bench times pages and endpoints, not the API's rate limits: one account asks for more than 120 a minute.
    os.environ["API_RATE_ACCOUNT"] = os.environ["API_RATE_CLIENT"] = "1000000/min"  # empty would mean the default
    import django

    django.setup()


def build_data(n_committees: int, per_committee: int) -> dict[str, Any]:
    from lvzhi.accounts.models import Role, RoleGrant, User
    from lvzhi.committees.models import ActivityGroup, Committee, Level, Party, Sector, SpecialCommittee, Term
    from lvzhi.members.models import ROLE_RANK, MemberRole, Membership, Person
    from lvzhi.text.sortkeys import pinyin_full, pinyin_initials, pinyin_key, stroke_key

    rng = random.Random(7)
    root = Committee.objects.create(name="全国政协（基准）", level=Level.NATIONAL, path="")
    root.path = f"/{root.pk}/"
    root.save(update_fields=["path"])
    provinces = []
    for i in range(max(1, n_committees // 20)):
        c = Committee.objects.create(name=f"基准省{i}政协", level=Level.PROVINCE, parent=root)
        c.path = f"{root.path}{c.pk}/"
        c.save(update_fields=["path"])
        provinces.append(c)
    committees = list(provinces)
    while len(committees) < n_committees:
        parent = provinces[len(committees) % len(provinces)]
        c = Committee.objects.create(name=f"基准市县{len(committees)}政协", level=Level.CITY, parent=parent)
        c.path = f"{parent.path}{c.pk}/"
        c.save(update_fields=["path"])
        committees.append(c)
    parties = [Party.objects.create(name=n) for n in ("中共", "民革", "民盟", "民建", "无党派", "群众")]
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国志新春梅海燕晓东宏波斌宇辉凤琳雪松峰"
    persons: list[Person] = []
    for i in range(n_committees * per_committee):
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        persons.append(Person(name=name, phone=f"139{i:08d}", stroke_key=stroke_key(name), pinyin_key=pinyin_key(name),
                              pinyin=pinyin_full(name), initials=pinyin_initials(name), workplace="某单位职务"))
    Person.objects.bulk_create(persons, batch_size=5000)
    persons = list(Person.objects.order_by("id"))
    memberships: list[Membership] = []
    for ci, c in enumerate(committees):
        term = Term.objects.create(committee=c, number=10, start_date=datetime.date(2022, 1, 1), is_current=True)
        sectors = [Sector.objects.create(committee=c, name=n) for n in ("中共", "经济界", "教育界", "农业界", "医药卫生界")]
        groups = [ActivityGroup.objects.create(committee=c, name=f"第{k}组") for k in range(8)]
        SpecialCommittee.objects.create(committee=c, name="提案委员会")
        for k in range(per_committee):
            p = persons[ci * per_committee + k]
            role = MemberRole.MEMBER if k > 20 else MemberRole.STANDING
            memberships.append(Membership(person=p, committee=c, term=term, role=role, role_rank=ROLE_RANK[role],
                                          sector=rng.choice(sectors), party=rng.choice(parties),
                                          activity_group=rng.choice(groups), stroke_key=p.stroke_key,
                                          pinyin_key=p.pinyin_key))
    Membership.objects.bulk_create(memberships, batch_size=5000)
    staff = User.objects.create_user(username="bench_staff", password="Bench#2026x")
    RoleGrant.objects.create(user=staff, role=Role.OFFICE_STAFF, committee=committees[-1])
    leader = User.objects.create_user(username="bench_leader", password="Bench#2026x")
    RoleGrant.objects.create(user=leader, role=Role.LEADER, committee=root)
    target = committees[-1]
    sample = Membership.objects.filter(committee=target).order_by("id")[5]
    return {"root": root.pk, "committee": target.pk, "membership": sample.pk, "initials": sample.person.initials[:2],
            "sector": sample.sector_id, "total": len(memberships)}


def time_get(client: Any, url: str, repeat: int) -> dict[str, float]:
    client.get(url)  # warm caches and connections
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[max(0, int(len(samples) * 0.95) - 1)], "max": samples[-1]}


def phase_build(db: str, args: argparse.Namespace) -> dict[str, Any]:
    reset_database(db)
    setup_django(database_url(db))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    data = build_data(args.committees, args.members_per_committee)
    from bench.proposals_data import build_proposals
    from lvzhi.committees.models import Committee

    committees = list(Committee.objects.exclude(pk=data["root"]).order_by("id"))
    # The committee measured is the staff user's: give it a full load, like every other.
    data["proposals"] = build_proposals(committees, args.proposals_per_committee)
    from lvzhi.accounts.models import User

    staff, leader = User.objects.get(username="bench_staff"), User.objects.get(username="bench_leader")
    for line in LINES:
        data[line] = importlib.import_module(f"bench.{line}_data").build(committees, staff, leader)
    data["build_seconds"] = round(time.perf_counter() - t0, 1)
    from django.db import connection

    # As a live database is kept: statistics for the planner (PRAGMA optimize on SQLite runs ANALYZE too), and on
    # PostgreSQL what autovacuum leaves, the visibility map that lets counts read covering indexes alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if db == "postgres" else "ANALYZE")
    return data


def time_call(fn: Any, repeat: int) -> dict[str, float]:
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return {"p50": statistics.median(samples), "p95": samples[max(0, int(len(samples) * 0.95) - 1)], "max": samples[-1]}


def time_functions(data: dict[str, Any], repeat: int) -> dict[str, dict[str, float]]:
    """The computations with their own goals (similar-proposal lookup, one committee-year's figures), and the
    figures of the whole tree's year, reported only."""
    from lvzhi.committees.models import Committee
    from lvzhi.proposals.figures import Period, Scope, proposal_figures
    from lvzhi.proposals.models import Proposal
    from lvzhi.proposals.similarity import similar_proposals

    committee = Committee.objects.get(pk=data["committee"])
    root = Committee.objects.get(pk=data["root"])
    proposal = Proposal.objects.get(pk=data["proposals"]["proposal"])
    draft = "关于加快推进社区居家养老服务体系建设的建议：当前我市养老服务供给不足，专业护理人员短缺，建议加大财政投入。"
    return {
        "similar proposals (a proposal)": time_call(lambda: similar_proposals(committee, proposal), repeat),
        "similar proposals (draft text)": time_call(lambda: similar_proposals(committee, draft), repeat),
        "figures, one committee-year": time_call(
            lambda: proposal_figures(Scope(committee), Period.for_year(data["proposals"]["year"])), repeat),
        "figures, the whole tree's year": time_call(
            lambda: proposal_figures(Scope(root, include_subtree=True), Period.for_year(data["proposals"]["year"])),
            max(3, repeat // 10)),
    }


def phase_measure(db: str, args: argparse.Namespace, data: dict[str, Any]) -> dict[str, Any]:
    """A fresh process, like a server worker: only the requests, so its peak memory is the worker's."""
    setup_django(database_url(db))
    from django.db import connection
    from django.test import Client

    if os.environ.get("BENCH_REUSE") == "1":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    from lvzhi.worker import prepare_worker

    prepare_worker()  # as lvzhi/wsgi.py does in every server worker

    from lvzhi.accounts.models import User

    staff = Client()
    staff.force_login(User.objects.get(username="bench_staff"))
    leader = Client()
    leader.force_login(User.objects.get(username="bench_leader"))
    c = data["committee"]
    pages = {
        "roster list (committee, strokes)": (staff, f"/members/?committee={c}"),
        "roster list filtered (sector + pinyin order)": (
            staff, f"/members/?committee={c}&sector={data['sector']}&ordering=pinyin"),
        "roster search by initials": (staff, f"/members/?committee={c}&q={data['initials']}"),
        "roster list, page 5": (staff, f"/members/?committee={c}&page=5"),
        "member page": (staff, f"/members/{data['membership']}/"),
        "API members list": (staff, f"/api/members/?committee={c}"),
        "API member detail": (staff, f"/api/members/{data['membership']}/"),
        "home page (staff)": (staff, "/"),
        "roster list, leader over the whole tree": (leader, "/members/"),
        "proposal list (committee)": (staff, f"/proposals/?committee={c}"),
        "proposal list filtered (year + state)": (
            staff, f"/proposals/?committee={c}&year={data['proposals']['year']}&state=closed"),
        "proposal search (two words)": (staff, f"/proposals/?committee={c}&q=养老 服务"),
        "proposal page": (staff, f"/proposals/{data['proposals']['proposal']}/"),
        "figures page (one committee-year)": (staff, f"/proposals/figures/?committee={c}&year={data['proposals']['year']}"),
        "API proposals list": (staff, f"/api/proposals/?committee={c}"),
        "home page (leader of the whole tree)": (leader, "/"),
    }
    clients = {"staff": staff, "leader": leader}
    for line in LINES:
        if line in data:  # absent from data built before the line existed
            line_pages = importlib.import_module(f"bench.{line}_data").pages(data[line], c)
            pages.update({name: (clients[who], url) for name, (who, url) in line_pages.items()})
    results = {name: time_get(client, url, args.repeat) for name, (client, url) in pages.items()}
    results.update(time_functions(data, args.repeat))
    for line in LINES:  # a line's own timed computations (bench/<line>_data.py functions(), where it has one)
        module = importlib.import_module(f"bench.{line}_data")
        if line in data and hasattr(module, "functions"):
            results.update(module.functions(data[line], args.repeat))
    return {"database": db, "vendor": connection.vendor, "memberships": data["total"],
            "proposals": data["proposals"]["total"], "committees": args.committees,
            "lines": {line: data[line]["total"] for line in LINES if line in data},
            "build_seconds": data["build_seconds"], "pages": results,
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    args = parse_args()
    phase = os.environ.get("BENCH_PHASE")
    db = os.environ.get("BENCH_DB", "")
    meta = meta_path(db)
    if phase == "build":
        meta.write_text(json.dumps(phase_build(db, args)))
        return
    if phase == "measure":
        print(json.dumps(phase_measure(db, args, json.loads(meta.read_text())), ensure_ascii=False))
        return
    import subprocess

    names = args.databases.split(",")
    outputs = []

    def phase(name: str, step: str) -> subprocess.Popen[str]:
        env = dict(os.environ, BENCH_DB=name, BENCH_PHASE=step)
        return subprocess.Popen([sys.executable, "-m", "bench.run", *sys.argv[1:]], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish(proc: subprocess.Popen[str], name: str, step: str) -> str:
        out, err = proc.communicate()
        if proc.returncode != 0:
            sys.stderr.write(err)
            raise SystemExit(f"benchmark {step} on {name} failed")
        return out

    try:
        # The databases are built side by side (only the build time is taken there); the pages are then
        # measured one database at a time, with nothing else of ours running.
        # BENCH_REUSE=1 measures again on databases a BENCH_KEEP=1 run left (after migrating them).
        reuse = os.environ.get("BENCH_REUSE") == "1"
        builds = {name: phase(name, "build") for name in names if not (reuse and meta_path(name).exists())}
        for name, proc in builds.items():
            finish(proc, name, "build")
        for name in names:
            out = finish(phase(name, "measure"), name, "measure")
            outputs.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        # BENCH_KEEP=1 leaves the databases for a closer look (profiling a page); the next run replaces them.
        for name in names if os.environ.get("BENCH_KEEP") != "1" else []:
            drop_database(name)
            meta_path(name).unlink(missing_ok=True)
    report(outputs, args)


def report(outputs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    failures = []
    lines = [f"# lvzhi benchmark — {datetime.datetime.now():%Y-%m-%d %H:%M}", "",
             f"command: `make bench` (python -m bench.run --committees {args.committees} "
             f"--members-per-committee {args.members_per_committee} --repeat {args.repeat})", "",
             "| database | page | p50 ms | p95 ms | goal p95 ms | ok |", "|---|---|---|---|---|---|"]
    for out in outputs:
        for page, t in out["pages"].items():
            if page in REPORTED_ONLY:
                lines.append(f"| {out['database']} | {page} | {t['p50']:.1f} | {t['p95']:.1f} | — | reported |")
                continue
            goal = SPECIAL_GOALS_MS.get(page, GOALS_MS["p95"])
            ok = t["p95"] <= goal
            if not ok:
                failures.append(f"{out['database']}: {page} p95 {t['p95']:.1f} ms")
            lines.append(f"| {out['database']} | {page} | {t['p50']:.1f} | {t['p95']:.1f} | {goal:.0f} | "
                         f"{'yes' if ok else 'NO'} |")
    lines.append("")
    lines.append("Server time: Django's test client in one process per database, the full middleware stack, no network.")
    lines.append("")
    for out in outputs:
        ok = out["max_rss_mb"] <= GOAL_RSS_MB
        if not ok:
            failures.append(f"{out['database']}: RSS {out['max_rss_mb']} MB")
        others = "".join(f", {n:,} {line} records" for line, n in out.get("lines", {}).items() if n)
        lines.append(f"- {out['database']}: {out['memberships']:,} memberships and {out.get('proposals', 0):,} proposals"
                     f"{others} in {out['committees']} committees "
                     f"(built in {out['build_seconds']} s); peak RSS of the worker process that served the requests "
                     f"{out['max_rss_mb']} MB (goal ≤ {GOAL_RSS_MB:.0f} MB) {'ok' if ok else 'NOT MET'}")
    text = "\n".join(lines) + "\n"
    Path(args.out).write_text(json.dumps(outputs, ensure_ascii=False, indent=2))
    Path(args.out).with_suffix(".md").write_text(text)
    print(text)
    if failures:
        print("Goals not met:\n  " + "\n  ".join(failures))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
