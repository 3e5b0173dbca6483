#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for Synapse in tests and the demo: Debian's PostgreSQL binaries,
a data folder of our own, 127.0.0.1 only, no system service.

    python3 scripts/postgres.py start --dir .run/e2e/postgres --port 54321 --db synapse --db peer
    python3 scripts/postgres.py stop  --dir .run/e2e/postgres

`start` creates the cluster on first use (password authentication with a password generated
here), starts it, creates each --db with the C collation Synapse requires, and writes
DIR/cluster.json {host, port, user, password} for scripts/synapse.py (--postgres). PostgreSQL
refuses to run as root: run as root, the cluster belongs to the user `nobody`. Durability is
off (fsync): the data is thrown away after the run.
"""
import argparse
import glob
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
import time

SUPERUSER = "curator"


class Fatal(Exception):
    pass


def bindir():
    """The newest Debian PostgreSQL's programs, else whatever is on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(re.search(r"/(\d+)/bin/", p).group(1)))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    if not initdb:
        raise Fatal("PostgreSQL is not installed (no initdb): run scripts/setup")
    return os.path.dirname(os.path.realpath(initdb))


def owner():
    """Who runs the cluster: this user, or `nobody` when this is root."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        raise Fatal("running as root, and there is no user `nobody` to run PostgreSQL") from None


def run(args, who, **kw):
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    if who is not None:
        kw.update(user=who.pw_uid, group=who.pw_gid, extra_groups=[], cwd="/")
    res = subprocess.run(args, **kw)
    if res.returncode != 0:
        raise Fatal(f"{' '.join(args)} failed:\n{res.stdout}{res.stderr}")
    return res


def chown_tree(path, who):
    if who is None:
        return
    for d, dirs, files in os.walk(path):
        for name in [d] + [os.path.join(d, f) for f in files]:
            os.chown(name, who.pw_uid, who.pw_gid)


def psql(cluster, sql):
    env = dict(os.environ, PGPASSWORD=cluster["password"], PGCONNECT_TIMEOUT="5")
    return run([os.path.join(bindir(), "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", cluster["host"], "-p", str(cluster["port"]), "-U", cluster["user"],
                "-d", "postgres", "-tA", "-c", sql], None, env=env).stdout


def write_json(path, data):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def cmd_start(a):
    t0 = time.monotonic()
    d, who, bins = os.path.abspath(a.dir), owner(), bindir()
    data, info = os.path.join(d, "data"), os.path.join(d, "cluster.json")
    os.makedirs(d, exist_ok=True)
    if not os.path.exists(os.path.join(data, "PG_VERSION")):
        password = secrets.token_urlsafe(24)
        pwfile = os.path.join(d, "pwfile")
        with open(pwfile, "w") as f:
            f.write(password + "\n")
        chown_tree(d, who)
        try:
            run([os.path.join(bins, "initdb"), "-D", data, "-U", SUPERUSER, "--pwfile", pwfile,
                 "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"], who)
        finally:
            os.remove(pwfile)
        with open(os.path.join(data, "postgresql.conf"), "a") as f:
            f.write("\n# scripts/postgres.py: loopback only, throwaway data\n"
                    "listen_addresses = '127.0.0.1'\nunix_socket_directories = ''\n"
                    "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                    "max_connections = 100\n")
        write_json(info, {"host": "127.0.0.1", "port": a.port, "user": SUPERUSER, "password": password})
    if not os.path.exists(info):
        raise Fatal(f"{info} is missing: remove {d} and start again")
    with open(info) as f:
        cluster = json.load(f)
    running = subprocess.run([os.path.join(bins, "pg_ctl"), "-D", data, "status"], capture_output=True,
                             **({} if who is None else {"user": who.pw_uid, "group": who.pw_gid,
                                                         "extra_groups": [], "cwd": "/"})).returncode == 0
    if running and cluster["port"] != a.port:
        raise Fatal(f"the cluster in {d} already runs on port {cluster['port']}; stop it first")
    if not running:
        cluster["port"] = a.port
        write_json(info, cluster)
        run([os.path.join(bins, "pg_ctl"), "-D", data, "-l", os.path.join(d, "postgres.log"), "-w",
             "-t", "60", "-o", f"-p {int(a.port)}", "start"], who)
    existing = set(psql(cluster, "SELECT datname FROM pg_database").split())
    for db in a.db:
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", db):
            raise Fatal(f"database name {db!r}: lower-case letters, digits and _ only")
        if db not in existing:
            # Synapse refuses a database whose collation is not C.
            psql(cluster, f"CREATE DATABASE {db} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' "
                          "TEMPLATE template0")
    print(f"postgres ready on 127.0.0.1:{a.port} (databases: {', '.join(a.db) or 'none'}) "
          f"in {time.monotonic() - t0:.1f}s")


def cmd_stop(a):
    d = os.path.abspath(a.dir)
    data = os.path.join(d, "data")
    if not os.path.exists(os.path.join(data, "postmaster.pid")):
        print("postgres was not running")
        return
    try:
        run([os.path.join(bindir(), "pg_ctl"), "-D", data, "-w", "-t", "30", "-m", "fast", "stop"], owner())
    except Fatal as e:
        if "Is server running?" not in str(e):
            raise
    print("postgres stopped")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="create the cluster if needed, start it, create the databases")
    s.add_argument("--dir", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--db", action="append", default=[], help="a database to create (repeatable)")
    s.set_defaults(fn=cmd_start)
    s = sub.add_parser("stop", help="stop the cluster in DIR")
    s.add_argument("--dir", required=True)
    s.set_defaults(fn=cmd_stop)
    a = p.parse_args()
    try:
        a.fn(a)
    except Fatal as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
