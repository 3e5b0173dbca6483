#!/usr/bin/env python3
"""Run a throwaway local Synapse homeserver for Curator development and tests, and seed it.

Run it with the Python of the Synapse virtualenv (it needs synapse, yaml and PIL):

    PY=.tools/synapse-venv/bin/python
    $PY scripts/synapse.py start --dir /tmp/syn-a --port 18108   # generate config if needed, start, wait
    $PY scripts/synapse.py seed  --dir /tmp/syn-a [--admin-password PW]
    $PY scripts/synapse.py stop  --dir /tmp/syn-a

Two federating servers (the server name becomes 127.0.0.1:FPORT, served over TLS on FPORT):

    $PY scripts/synapse.py start --dir /tmp/syn-a --port 18120 --federation-port 18448
    $PY scripts/synapse.py start --dir /tmp/syn-b --port 18121 --federation-port 18449
    $PY scripts/synapse.py seed-minimal --dir /tmp/syn-a
    $PY scripts/synapse.py seed-minimal --dir /tmp/syn-b
    $PY scripts/synapse.py federate --dir /tmp/syn-a --peer-dir /tmp/syn-b

On PostgreSQL (a cluster started by scripts/postgres.py, one database per server):

    $PY scripts/synapse.py start --dir /tmp/syn-a --port 18108 --postgres PGDIR/cluster.json --postgres-db syn_a

(or CURATOR_POSTGRES=PGDIR/cluster.json in the environment; the database is then DIR's last component).

Files in DIR: homeserver.yaml (generated once, patched on every start with a fresh
registration secret), synapse.pid, server.json {base_url, server_name, shared_secret, pid},
seed.json (users, tokens, rooms, media; read by the Rust tests), federation.json,
homeserver.log (WARNING and above) and stdout.log. Everything binds to 127.0.0.1 only.
"""
import argparse
import hashlib
import hmac
import io
import json
import os
import random
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import yaml

NAMED_USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "mallory"]
BULK_USERS = 120
HOSTILE = "<b>Hostile</b> <img src=x onerror=alert(1)>"
UNLIMITED = {"per_second": 100000, "burst_count": 100000}
RC_FLAT = ["rc_message", "rc_registration", "rc_registration_token_validity", "rc_admin_redaction",
           "rc_joins_per_room", "rc_3pid_validation", "rc_third_party_invite", "rc_media_create",
           "rc_room_creation", "rc_reports", "rc_user_directory", "rc_profile",
           "rc_delayed_event_mgmt", "rc_key_requests"]
RC_NESTED = {"rc_login": ["address", "account", "failed_attempts"], "rc_joins": ["local", "remote"],
             "rc_invites": ["per_room", "per_user", "per_issuer"], "rc_presence": ["per_user"]}
WORKERS = 4


class Fatal(Exception):
    """An error that ends the script with a message and exit status 1."""


# ----------------------------------------------------------------------------- HTTP

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never use a proxy


def http(method, base, path, token=None, body=None, content_type=None, query=None, timeout=60):
    """One request; JSON in and out unless body is bytes. Any failure raises Fatal."""
    if query:
        path += "?" + urllib.parse.urlencode(query)
    headers, data = {}, None
    if isinstance(body, bytes):
        data, headers["Content-Type"] = body, content_type or "application/octet-stream"
    elif body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            raw = resp.read()
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")[:2000]
        raise Fatal(f"{method} {path} failed: HTTP {e.code}: {text}") from None
    except OSError as e:
        raise Fatal(f"{method} {path} failed: {e}") from None
    return json.loads(raw) if raw else {}


def q(segment):
    """URL-encode one path segment (user IDs, room IDs)."""
    return urllib.parse.quote(segment, safe="")


def run_parallel(fn, items):
    """fn(item) for every item on a small thread pool; results in order, first error re-raised."""
    with ThreadPoolExecutor(WORKERS) as pool:
        futures = [pool.submit(fn, item) for item in items]
        try:
            return [f.result() for f in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


# ----------------------------------------------------------------------------- files

def write_json(path, data):
    """Write JSON readable by the owner only (the files hold secrets and tokens)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def read_json(path, hint):
    if not os.path.exists(path):
        raise Fatal(f"{path} not found: {hint}")
    with open(path) as f:
        return json.load(f)


def tail(path, lines=30):
    if not os.path.exists(path):
        return f"({os.path.basename(path)} does not exist)"
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


# ----------------------------------------------------------------------------- config

def generate_config(d, name):
    cmd = [sys.executable, "-m", "synapse.app.homeserver", "--server-name", name,
           "--config-path", os.path.join(d, "homeserver.yaml"), "--data-directory", d,
           "--generate-config", "--report-stats=no"]
    res = subprocess.run(cmd, cwd=d, capture_output=True, text=True)
    if res.returncode != 0:
        raise Fatal(f"synapse --generate-config failed:\n{res.stdout}{res.stderr}")


def make_cert(d):
    crt, key = os.path.join(d, "tls.crt"), os.path.join(d, "tls.key")
    if not (os.path.exists(crt) and os.path.exists(key)):
        res = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                              "-keyout", key, "-out", crt], capture_output=True, text=True)
        if res.returncode != 0:
            raise Fatal(f"openssl failed:\n{res.stderr}")
    return crt, key


def listener(port, names, tls=False):
    return {"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": tls,
            "x_forwarded": False, "resources": [{"names": names, "compress": False}]}


def patch_config(cfg, d, port, fed_port, secret):
    cfg["listeners"] = [listener(port, ["client", "federation"])]
    cfg["database"] = {"name": "sqlite3", "args": {"database": os.path.join(d, "homeserver.db")}}
    cfg["pid_file"] = os.path.join(d, "homeserver.pid")
    cfg["media_store_path"] = os.path.join(d, "media_store")
    cfg.update({
        "enable_registration": False, "registration_shared_secret": secret, "report_stats": False,
        "trusted_key_servers": [], "suppress_key_server_warning": True, "presence": {"enabled": False},
        "url_preview_enabled": False, "background_updates": {"sleep_enabled": False},
        "bcrypt_rounds": 4, "max_upload_size": "50M",
        # Without a rule Synapse silently refuses to publish rooms to the room directory.
        "room_list_publication_rules": [{"action": "allow"}],
        "rc_federation": {"window_size": 1000, "sleep_limit": 100000, "sleep_delay": 1,
                          "reject_limit": 100000, "concurrent": 100},
        "remote_media_download_per_second": "100M",
    })
    for key in RC_FLAT:
        cfg[key] = dict(UNLIMITED)
    for key, subs in RC_NESTED.items():
        cfg[key] = {sub: dict(UNLIMITED) for sub in subs}
    if fed_port:
        crt, key = make_cert(d)
        fed = listener(fed_port, ["federation"], tls=True)
        cfg["listeners"].append(fed)
        cfg.update({"tls_certificate_path": crt, "tls_private_key_path": key,
                    "federation_verify_certificates": False, "ip_range_whitelist": ["127.0.0.1"],
                    "ip_range_blacklist": [], "federation_ip_range_blacklist": [],
                    "allow_public_rooms_over_federation": True})


def patch_oidc(cfg, d, port, issuer, client_secret, whitelist):
    """Single sign-on through an OpenID Connect provider (scripts/oidc-provider.mjs): its users
    map to the local user of the same name (an existing one is taken over), and apps under the
    `whitelist` prefixes get the login token without Synapse's confirmation page."""
    cfg.pop("oidc_providers", None)
    saved = os.path.join(d, "oidc.json")
    if not issuer and os.path.exists(saved):  # written by scripts/e2e and scripts/demo
        with open(saved) as f:
            o = json.load(f)
        issuer, client_secret, whitelist = o["issuer"], o["client_secret"], o.get("client_whitelist")
    if not issuer:
        return
    cfg["public_baseurl"] = f"http://127.0.0.1:{port}/"
    cfg["oidc_providers"] = [{
        "idp_id": "curator-test", "idp_name": "Curator Test IdP", "issuer": issuer,
        "client_id": "synapse", "client_secret": client_secret, "scopes": ["openid", "profile"],
        "client_auth_method": "client_secret_basic", "user_profile_method": "userinfo_endpoint",
        # The test provider serves plain http on loopback, which Synapse otherwise refuses.
        "skip_verification": True, "allow_existing_users": True,
        "user_mapping_provider": {"config": {"localpart_template": "{{ user.preferred_username }}",
                                             "display_name_template": "{{ user.name }}"}},
    }]
    cfg["sso"] = {"client_whitelist": list(whitelist or [])}


def patch_log_config(path, d):
    """Keep the generated logging config, but WARNING and above only, to DIR/homeserver.log."""
    with open(path) as f:
        lc = yaml.safe_load(f)
    lc["handlers"]["file"]["filename"] = os.path.join(d, "homeserver.log")
    lc["root"]["level"] = "WARNING"
    lc["root"]["handlers"] = ["buffer"]
    for logger in (lc.get("loggers") or {}).values():
        logger["level"] = "WARNING"
    with open(path, "w") as f:
        yaml.safe_dump(lc, f, sort_keys=False)


# ----------------------------------------------------------------------------- process

def synapse_pid(d):
    """The PID in DIR/synapse.pid if it is a live Synapse process, else None."""
    try:
        with open(os.path.join(d, "synapse.pid")) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read()
    except (OSError, ValueError):
        return None
    return pid if b"synapse.app.homeserver" in cmdline else None  # zombies have an empty cmdline


def stop_server(d):
    pid = synapse_pid(d)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while synapse_pid(d) == pid and time.monotonic() < deadline:
            time.sleep(0.1)
        if synapse_pid(d) == pid:
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.3)
    if os.path.exists(os.path.join(d, "synapse.pid")):
        os.remove(os.path.join(d, "synapse.pid"))
    return pid


def port_in_use(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_ready(proc, d, base, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            http("GET", base, "/_matrix/client/versions", timeout=2)
            return
        except Fatal:
            time.sleep(0.2)
    why = f"exited with status {proc.returncode}" if proc.poll() is not None else f"not ready after {timeout}s"
    raise Fatal(f"synapse {why}\n--- homeserver.log (tail) ---\n{tail(os.path.join(d, 'homeserver.log'))}"
                f"--- stdout.log (tail) ---\n{tail(os.path.join(d, 'stdout.log'))}")


def wait_background_updates(db, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            con = sqlite3.connect(db, timeout=5)
            try:
                if con.execute("SELECT COUNT(*) FROM background_updates").fetchone()[0] == 0:
                    return
            finally:
                con.close()
        except sqlite3.OperationalError:
            pass
        if time.monotonic() > deadline:
            raise Fatal(f"background updates still pending after {timeout}s")
        time.sleep(0.2)


# ----------------------------------------------------------------------------- PostgreSQL

def postgres_database(cluster_json, dbname):
    """Synapse's `database` section for a cluster started by scripts/postgres.py."""
    c = read_json(cluster_json, "start the cluster with scripts/postgres.py first")
    return {"name": "psycopg2",
            "args": {"user": c["user"], "password": c["password"], "dbname": dbname,
                     "host": c["host"], "port": c["port"], "cp_min": 1, "cp_max": 10}}


def wait_background_updates_postgres(args, timeout=60):
    try:
        import psycopg2
    except ImportError:
        raise Fatal("psycopg2 is missing from the Synapse virtualenv: run scripts/setup") from None
    deadline = time.monotonic() + timeout
    while True:
        con = psycopg2.connect(user=args["user"], password=args["password"], dbname=args["dbname"],
                               host=args["host"], port=args["port"], connect_timeout=5)
        try:
            with con.cursor() as cur:
                cur.execute("SELECT COUNT(*) FROM background_updates")
                if cur.fetchone()[0] == 0:
                    return
        finally:
            con.close()
        if time.monotonic() > deadline:
            raise Fatal(f"background updates still pending after {timeout}s")
        time.sleep(0.2)


def cmd_start(args):
    t0 = time.monotonic()
    d = os.path.abspath(args.dir)
    os.makedirs(d, exist_ok=True)
    name = args.server_name or (f"127.0.0.1:{args.federation_port}" if args.federation_port else "localhost")
    cfg_path = os.path.join(d, "homeserver.yaml")
    if not os.path.exists(cfg_path):
        generate_config(d, name)
    with open(cfg_path) as f:
        cfg = yaml.safe_load(f)
    if cfg["server_name"] != name:
        raise Fatal(f"{args.dir} was created for server name {cfg['server_name']!r}, not {name!r}; "
                    "pass the same --server-name/--federation-port or use a fresh --dir")
    stop_server(d)
    for port in filter(None, [args.port, args.federation_port]):
        if port_in_use(port):
            raise Fatal(f"port {port} on 127.0.0.1 is already in use")
    secret = secrets.token_hex(32)
    patch_config(cfg, d, args.port, args.federation_port, secret)
    if args.postgres:
        cfg["database"] = postgres_database(args.postgres, args.postgres_db or os.path.basename(d))
    patch_oidc(cfg, d, args.port, args.oidc_issuer, args.oidc_client_secret, args.sso_client_whitelist)
    with open(cfg_path, "w") as f:
        yaml.safe_dump(cfg, f, sort_keys=False)
    patch_log_config(cfg["log_config"], d)

    with open(os.path.join(d, "stdout.log"), "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "synapse.app.homeserver", "-c", cfg_path],
                                cwd=d, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    with open(os.path.join(d, "synapse.pid"), "w") as f:
        f.write(f"{proc.pid}\n")
    base = f"http://127.0.0.1:{args.port}"
    wait_ready(proc, d, base)
    if args.postgres:
        wait_background_updates_postgres(cfg["database"]["args"])
    else:
        wait_background_updates(os.path.join(d, "homeserver.db"))
    write_json(os.path.join(d, "server.json"),
               {"base_url": base, "server_name": name, "shared_secret": secret, "pid": proc.pid})
    print(f"synapse ready at {base} (server name {name}) in {time.monotonic() - t0:.1f}s")


def cmd_stop(args):
    pid = stop_server(os.path.abspath(args.dir))
    print("synapse stopped" if pid else "synapse was not running")


# ----------------------------------------------------------------------------- seeding helpers

def register(server, username, password=None, admin=False, displayname=None):
    """Shared-secret registration; returns the account with its access token."""
    base, password = server["base_url"], password or secrets.token_urlsafe(12)
    nonce = http("GET", base, "/_synapse/admin/v1/register")["nonce"]
    msg = "\0".join([nonce, username, password, "admin" if admin else "notadmin"])
    mac = hmac.new(server["shared_secret"].encode(), msg.encode(), hashlib.sha1).hexdigest()
    body = {"nonce": nonce, "username": username, "password": password, "admin": admin, "mac": mac}
    if displayname:
        body["displayname"] = displayname
    r = http("POST", base, "/_synapse/admin/v1/register", body=body)
    return {"user_id": r["user_id"], "password": password, "access_token": r["access_token"],
            "device_id": r.get("device_id")}


def public(account):
    """The account as written to seed.json (no device id)."""
    return {k: account[k] for k in ("user_id", "password", "access_token")}


def image_bytes(label, fmt="PNG", size=(64, 64), noise=0, quality=90):
    """A distinct image: colours derived from the label, shapes, the label as text, a noise block."""
    from PIL import Image, ImageDraw
    rnd = random.Random(label)
    img = Image.new("RGB", size, tuple(rnd.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(4):
        x0, y0 = rnd.randrange(size[0]), rnd.randrange(size[1])
        box = [x0, y0, x0 + rnd.randrange(4, 40), y0 + rnd.randrange(4, 40)]
        draw.ellipse(box, fill=tuple(rnd.randrange(256) for _ in range(3)))
    draw.text((2, 2), label, fill=(255, 255, 255))
    if noise:
        n = min(noise, *size)
        img.paste(Image.frombytes("RGB", (n, n), rnd.randbytes(n * n * 3)), (0, 0))
    buf = io.BytesIO()
    img.save(buf, format=fmt, **({"quality": quality} if fmt == "JPEG" else {}))
    return buf.getvalue()


def item(key, owner, filename, mime, data, size=None):
    w, h = size or (None, None)
    return {"key": key, "owner": owner, "filename": filename, "mime": mime, "data": data, "w": w, "h": h}


def img(key, owner, filename, size, fmt="PNG", **kw):
    """An upload of a distinct generated image (the key doubles as the drawn label)."""
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}[fmt]
    return item(key, owner, filename, mime, image_bytes(key, fmt, size, **kw), size)


def plan_uploads():
    """Every upload of the full seed, in upload order (alice: 75, bob: 4, carol: 3, dave: 2)."""
    ups = [img(f"alice_png_{i}", "alice", f"screenshot-{i:02d}.png", (24 + 28 * i, 20 + 24 * i),
               noise=20 * (i - 1)) for i in range(1, 11)]  # ~1 KB .. ~100 KB
    ups += [img(f"alice_jpg_{i}", "alice", f"photo-{i:02d}.jpg", (60 * i, 45 * i), "JPEG", quality=80)
            for i in range(1, 5)]
    ups.append(img("alice_jpg_5", "alice", "photo-05.jpg", (400, 400), "JPEG", noise=400, quality=95))
    ups += [img(f"alice_thumb_{i}", "alice", f"thumb-{i:02d}.png", (32, 24)) for i in range(1, 4)]
    for i in range(1, 51):
        text = f"Note {i:03d}\n" + "".join(f"line {j} of note {i}\n" for j in range(i * 3))
        ups.append(item(f"note_{i}", "alice", f"notes-{i:03d}.txt", "text/plain", text.encode()))
    original = img("original", "alice", "original.png", (80, 60))
    ups += [
        item("alice_note", "alice", "a_note.txt", "text/plain", b"A short note from Alice.\n"),
        item("alice_blob", "alice", None, "application/octet-stream", random.Random(7).randbytes(2048)),
        img("hostile_name", "alice", "<img src=x onerror=alert(1)>.png", (40, 40)),
        img("long_name", "alice", ("very-long-name-" * 20)[:296] + ".png", (40, 40)),  # 300 chars
        original,
        img("room_avatar", "alice", "town-square.png", (96, 96)),
        img("ops_image", "alice", "ops-diagram.png", (120, 80)),
        dict(original, key="copy_of_original", owner="bob", filename="copy-of-original.png"),
        img("carol_avatar", "carol", "carol-avatar.png", (64, 64)),
        img("dave_gif", "dave", "dance.gif", (48, 48), "GIF"),
        img("dave_webp", "dave", "sticker.webp", (64, 64), "WEBP"),
    ]
    ups += [img(f"bob_png_{i}", "bob", f"bob-holiday-{i}.png", (50 + 10 * i, 50)) for i in range(1, 4)]
    ups += [img(f"carol_png_{i}", "carol", f"carol-holiday-{i}.png", (60 + 10 * i, 50)) for i in range(1, 3)]
    return ups


def upload(base, token, up):
    query = {"filename": up["filename"]} if up["filename"] else None
    r = http("POST", base, "/_matrix/media/v3/upload", token, up["data"], up["mime"], query)
    return r["content_uri"]


def media_content(up, mxc, thumb=None, thumb_mxc=None):
    """m.image (when the upload has dimensions) or m.file event content."""
    info = {"mimetype": up["mime"], "size": len(up["data"])}
    if up["w"]:
        info.update(w=up["w"], h=up["h"])
    if thumb:
        info["thumbnail_url"] = thumb_mxc
        info["thumbnail_info"] = {"mimetype": thumb["mime"], "size": len(thumb["data"]),
                                  "w": thumb["w"], "h": thumb["h"]}
    msgtype = "m.image" if up["w"] else "m.file"
    return {"msgtype": msgtype, "body": up["filename"] or "file", "url": mxc, "info": info}


def send(base, token, room_id, content, event_type="m.room.message"):
    txn = secrets.token_hex(8)
    return http("PUT", base, f"/_matrix/client/v3/rooms/{q(room_id)}/send/{event_type}/{txn}",
                token, content)["event_id"]


def create_room(base, token, body):
    return http("POST", base, "/_matrix/client/v3/createRoom", token, body)["room_id"]


def fake_megolm(device_id):
    b64 = lambda n: secrets.token_urlsafe(n).replace("-", "+").replace("_", "/").rstrip("=")
    return {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEp" + b64(180),
            "sender_key": b64(32)[:43], "session_id": b64(32)[:43], "device_id": device_id or "SEEDDEVICE"}


def start_seed(args):
    d = os.path.abspath(args.dir)
    server = read_json(os.path.join(d, "server.json"), "run `start` first")
    if os.path.exists(os.path.join(d, "seed.json")):
        raise Fatal(f"{args.dir}/seed.json already exists: seed is meant for a fresh --dir")
    admin = register(server, "admin", args.admin_password, admin=True, displayname="Admin")
    return d, server, admin


def seed_json(server, admin, users, **rest):
    return {"homeserver": server["base_url"], "server_name": server["server_name"],
            "admin": {"user_id": admin["user_id"], "username": "admin", "password": admin["password"],
                      "access_token": admin["access_token"]},
            "users": {name: public(acc) for name, acc in users.items()}, **rest}


def seed_reports(base, atok, tok, uid, enc_room, enc_event):
    """Reported messages and a reported user, made through the client API by seeded users.

    mallory posts in a room of its own (an image with a thumbnail, a video, a file, a sticker,
    an image it then redacts, one to delete, three for bulk triage), erin, frank and grace
    report them, bob reports an encrypted message, grace reports mallory. Returns, per key, the
    report's id, event id and the files it names (read back from the admin API)."""
    room = create_room(base, tok["mallory"], {"preset": "public_chat", "name": "Reported Lounge"})
    run_parallel(lambda n: http("POST", base, f"/_matrix/client/v3/join/{q(room)}", tok[n], {}),
                 ["erin", "frank", "grace"])
    blob = lambda label, n: random.Random(label).randbytes(n)
    ups = {
        "image": img("report_image", "mallory", "reported-image.png", (90, 70), noise=30),
        "image_thumb": img("report_image_thumb", "mallory", "reported-image-thumb.png", (30, 24)),
        "video": item("report_video", "mallory", "reported-clip.mp4", "video/mp4", blob("video", 4096)),
        "file": item("report_file", "mallory", "reported-leak.pdf", "application/pdf", blob("file", 3000)),
        "sticker": img("report_sticker", "mallory", "reported-sticker.webp", (64, 64), "WEBP"),
        "redacted": img("report_redacted", "mallory", "reported-redacted.png", (70, 50), noise=25),
        "delete": img("report_delete", "mallory", "reported-delete.png", (72, 52), noise=26),
    }
    ups.update({f"triage_{i}": img(f"report_triage_{i}", "mallory", f"reported-triage-{i}.png",
                                   (60 + i, 40 + i), noise=20 + i) for i in range(1, 4)})
    mxc = dict(zip(ups, run_parallel(lambda k: upload(base, tok["mallory"], ups[k]), list(ups))))
    contents = {k: media_content(ups[k], mxc[k]) for k in ups if k not in ("image", "image_thumb", "sticker")}
    contents["image"] = media_content(ups["image"], mxc["image"], ups["image_thumb"], mxc["image_thumb"])
    contents["video"]["msgtype"] = "m.video"
    sticker = {"body": "reported sticker", "url": mxc["sticker"],
               "info": {"mimetype": "image/webp", "w": 64, "h": 64}}
    events = {k: send(base, tok["mallory"], room, c) for k, c in contents.items()}
    events["sticker"] = send(base, tok["mallory"], room, sticker, "m.sticker")
    reporters = {"image": ("erin", "Explicit image in a public room", -100),
                 "video": ("frank", "Violent clip", -80), "file": ("erin", "Leaked document", -50),
                 "sticker": ("grace", "Offensive sticker", -30), "redacted": ("erin", "Posted then deleted", -60),
                 "delete": ("frank", "Illegal content", -100)}
    reporters.update({f"triage_{i}": ("grace", f"Spam wave {i}", -10) for i in range(1, 4)})

    def report(key):
        who, reason, score = reporters[key]
        http("POST", base, f"/_matrix/client/v3/rooms/{q(room)}/report/{q(events[key])}", tok[who],
             {"reason": reason, "score": score})
    run_parallel(report, list(reporters))
    http("POST", base, f"/_matrix/client/v3/rooms/{q(enc_room)}/report/{q(enc_event)}", tok["bob"],
         {"reason": "Encrypted abuse", "score": -70})
    events["encrypted"] = enc_event
    http("PUT", base, f"/_matrix/client/v3/rooms/{q(room)}/redact/{q(events['redacted'])}/{secrets.token_hex(8)}",
         tok["mallory"], {"reason": "covering tracks"})
    try:
        http("POST", base, f"/_matrix/client/v3/users/{q(uid['mallory'])}/report", tok["grace"],
             {"reason": "Impersonates the admins"})
        user_report = True
    except Exception:  # servers before 1.152 do not have it
        user_report = False
    listed = http("GET", base, "/_synapse/admin/v1/event_reports", atok, query={"limit": "100"})
    ids = {r["event_id"]: r["id"] for r in listed["event_reports"]}
    files = {"image": [mxc["image"], mxc["image_thumb"]]}
    out = {k: {"id": ids[e], "event_id": e, "mxcs": files.get(k, [mxc[k]] if k in mxc else [])}
           for k, e in events.items()}
    return {"room_id": room, "sender": uid["mallory"], "user_report": user_report, **out}


# ----------------------------------------------------------------------------- seed commands

def cmd_seed(args):
    t0 = time.monotonic()
    d, server, admin = start_seed(args)
    base, atok = server["base_url"], admin["access_token"]

    # Users: named ones, zoe (deactivated below) and the bulk users.
    specs = [(n, n.capitalize()) for n in NAMED_USERS + ["zoe"]]
    specs += [(f"user{i:03d}", f"Bulk User {i:03d}") for i in range(1, BULK_USERS + 1)]
    accounts = dict(zip([s[0] for s in specs],
                        run_parallel(lambda s: register(server, s[0], displayname=s[1]), specs)))
    users = {n: accounts[n] for n in NAMED_USERS}
    uid = {n: a["user_id"] for n, a in accounts.items()}
    tok = {n: a["access_token"] for n, a in users.items()}

    # Rate-limit overrides, zoe's deactivation, every upload.
    limits = [admin["user_id"]] + [uid[n] for n in NAMED_USERS]
    run_parallel(lambda u: http("POST", base, f"/_synapse/admin/v1/users/{q(u)}/override_ratelimit",
                                atok, {"messages_per_second": 0, "burst_count": 0}), limits)
    http("POST", base, f"/_synapse/admin/v1/deactivate/{q(uid['zoe'])}", atok, {"erase": False})
    ups = plan_uploads()
    mxcs = run_parallel(lambda up: upload(base, tok[up["owner"]], up), ups)
    mxc = {up["key"]: m for up, m in zip(ups, mxcs)}
    up = {u["key"]: u for u in ups}

    # Carol's avatar, the rooms, the joins.
    http("PUT", base, f"/_matrix/client/v3/profile/{q(uid['carol'])}/avatar_url", tok["carol"],
         {"avatar_url": mxc["carol_avatar"]})
    avatar_state = {"type": "m.room.avatar", "state_key": "",
                    "content": {"url": mxc["room_avatar"], "info": {"mimetype": "image/png", "w": 96, "h": 96}}}
    crypto_state = {"type": "m.room.encryption", "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"}}
    room_bodies = {
        "town_square": {"preset": "public_chat", "visibility": "public", "name": "Town Square",
                        "room_alias_name": "town-square", "topic": "Everything and nothing",
                        "initial_state": [avatar_state]},
        "encrypted": {"preset": "private_chat", "name": "Encrypted Ops", "invite": [uid["bob"]],
                      "initial_state": [crypto_state]},
        "media_dump": {"preset": "public_chat", "visibility": "public", "name": "Media Dump",
                       "topic": "Drop your files here"},
        "hostile": {"preset": "private_chat", "name": HOSTILE, "topic": HOSTILE},
    }
    # Sequential on purpose: concurrent createRoom calls by one user can hash to the same v12
    # room ID; Synapse retries, but logs an ERROR.
    rooms = {key: create_room(base, tok["alice"], body) for key, body in room_bodies.items()}
    joins = [(n, rooms[r]) for n in ("bob", "carol", "dave") for r in ("town_square", "media_dump")]
    joins.append(("bob", rooms["encrypted"]))
    run_parallel(lambda j: http("POST", base, f"/_matrix/client/v3/join/{q(j[1])}", tok[j[0]], {}), joins)

    # Events.
    events = [("alice", "town_square", media_content(up[f"alice_png_{i}"], mxc[f"alice_png_{i}"],
                                                     up[f"alice_thumb_{i}"], mxc[f"alice_thumb_{i}"]))
              for i in range(1, 4)]
    events.append(("alice", "town_square", media_content(up["alice_note"], mxc["alice_note"])))
    events.append(("bob", "town_square", media_content(up["copy_of_original"], mxc["copy_of_original"])))
    dump = [f"alice_png_{i}" for i in range(4, 11)] + [f"alice_jpg_{i}" for i in range(1, 6)]
    dump += [f"note_{i}" for i in range(1, 14)]
    events += [("alice", "media_dump", media_content(up[k], mxc[k])) for k in dump]
    events += [("dave", "media_dump", media_content(up[k], mxc[k])) for k in ("dave_gif", "dave_webp")]
    events.append(("alice", "encrypted", media_content(up["ops_image"], mxc["ops_image"])))
    run_parallel(lambda e: send(base, tok[e[0]], rooms[e[1]], e[2]), events)
    enc_event = send(base, tok["alice"], rooms["encrypted"], fake_megolm(users["alice"]["device_id"]),
                     "m.room.encrypted")
    reports = seed_reports(base, atok, tok, uid, rooms["encrypted"], enc_event)

    counts = {f"{n}_media": sum(u["owner"] == n for u in ups) for n in NAMED_USERS}
    counts.update(media_dump_local=len(dump) + 2, uploads=len(ups), events=len(events) + 1,
                  users_active=1 + len(NAMED_USERS) + BULK_USERS)
    media = {k: mxc[k] for k in ("hostile_name", "long_name", "original", "copy_of_original",
                                 "carol_avatar", "room_avatar", "alice_note")}
    write_json(os.path.join(d, "seed.json"), seed_json(
        server, admin, users, bulk_users=BULK_USERS, deactivated=uid["zoe"], rooms=rooms,
        media=media, counts=counts, reports=reports))
    print(f"seeded {counts['users_active']} active users + 1 deactivated, {len(rooms)} rooms, "
          f"{len(ups)} uploads ({counts['alice_media']} by alice), {counts['events']} events "
          f"in {time.monotonic() - t0:.1f}s; console login: admin / {admin['password']}")


def cmd_seed_minimal(args):
    t0 = time.monotonic()
    d, server, admin = start_seed(args)
    alice = register(server, "alice", displayname="Alice")
    write_json(os.path.join(d, "seed.json"), seed_json(
        server, admin, {"alice": alice}, bulk_users=0, deactivated=None, rooms={}, media={}, counts={}))
    print(f"seeded admin + alice in {time.monotonic() - t0:.1f}s; console login: admin / {admin['password']}")


def cmd_federate(args):
    """Peer's alice makes a public room, our alice joins over federation, the peer posts an image."""
    t0 = time.monotonic()
    d, peer_d = os.path.abspath(args.dir), os.path.abspath(args.peer_dir)
    hint = "start both servers with --federation-port and run seed-minimal on each"
    here, here_seed = read_json(os.path.join(d, "server.json"), hint), read_json(os.path.join(d, "seed.json"), hint)
    peer, peer_seed = (read_json(os.path.join(peer_d, "server.json"), hint),
                       read_json(os.path.join(peer_d, "seed.json"), hint))
    for s in (here, peer):
        if not s["server_name"].startswith("127.0.0.1:"):
            raise Fatal(f"server {s['server_name']!r} has no federation listener: {hint}")
    pbase, ptok = peer["base_url"], peer_seed["users"]["alice"]["access_token"]
    room = create_room(pbase, ptok, {"preset": "public_chat", "name": "Federated Lounge",
                                     "topic": f"Hosted on {peer['server_name']}"})
    http("POST", here["base_url"], f"/_matrix/client/v3/join/{q(room)}",
         here_seed["users"]["alice"]["access_token"], {}, query={"server_name": peer["server_name"]})
    png = item("remote", "alice", "from-the-peer.png", "image/png",
               image_bytes(f"remote {secrets.token_hex(4)}", size=(72, 48)), (72, 48))
    remote_mxc = upload(pbase, ptok, png)
    send(pbase, ptok, room, media_content(png, remote_mxc))
    deadline = time.monotonic() + 30  # wait until the event has arrived here over federation
    while remote_mxc not in http("GET", here["base_url"], f"/_synapse/admin/v1/room/{q(room)}/media",
                                 here_seed["admin"]["access_token"]).get("remote", []):
        if time.monotonic() > deadline:
            raise Fatal("the peer's m.image did not reach this server within 30s")
        time.sleep(0.2)
    write_json(os.path.join(d, "federation.json"),
               {"room_id": room, "remote_mxc": remote_mxc, "peer_server_name": peer["server_name"]})
    print(f"federated room {room} with {peer['server_name']}; remote media {remote_mxc} "
          f"visible here in {time.monotonic() - t0:.1f}s")


# ----------------------------------------------------------------------------- CLI

def cmd_bulk(args):
    """A user with many small distinct uploads (for bulk-action tests and benchmarks), optionally
    each posted as an m.file into a room the user joins. Prints and writes DIR/bulk-USER.json."""
    server = read_json(os.path.join(args.dir, "server.json"), "run `start` first")
    seed = read_json(os.path.join(args.dir, "seed.json"), "run `seed` or `seed-minimal` first")
    base, t0 = server["base_url"], time.monotonic()
    account = register(server, args.user, displayname=args.user.capitalize())
    admin = seed["admin"]["access_token"]
    http("POST", base, f"/_synapse/admin/v1/users/{q(account['user_id'])}/override_ratelimit", admin,
         {"messages_per_second": 0, "burst_count": 0})
    tok = account["access_token"]
    if args.new_room:
        args.room = create_room(base, tok, {"preset": "public_chat", "name": args.new_room})
    elif args.room:
        http("POST", base, f"/_matrix/client/v3/join/{q(args.room)}", tok, {})

    def one(i):
        body = f"{args.user} file {i} {secrets.token_hex(8)}\n".encode() * (1 + i % 7)
        name = f"{args.user}-{i:05d}.txt"
        mxc = upload(base, tok, {"filename": name, "mime": "text/plain", "data": body, "w": None})
        if args.room:
            content = {"msgtype": "m.file", "body": name, "url": mxc,
                       "info": {"mimetype": "text/plain", "size": len(body)}}
            send(base, tok, args.room, content)
        return mxc

    mxcs = run_parallel(one, range(args.files))
    out = {"user_id": account["user_id"], "access_token": tok, "room_id": args.room, "mxcs": mxcs}
    if args.forward_upload_by and args.room:
        # A file of someone who is not in the room, posted by the bulk user (as a forward is).
        other = register(server, args.forward_upload_by)
        name = f"{args.forward_upload_by}-shared.txt"
        data = f"{args.forward_upload_by} {secrets.token_hex(8)}\n".encode()
        mxc = upload(base, other["access_token"], {"filename": name, "mime": "text/plain", "data": data, "w": None})
        send(base, tok, args.room, {"msgtype": "m.file", "body": name, "url": mxc,
                                    "info": {"mimetype": "text/plain", "size": len(data)}})
        out["forwarded"], out["forwarded_by"] = mxc, other["user_id"]
    write_json(os.path.join(args.dir, f"bulk-{args.user}.json"), out)
    print(f"{account['user_id']} uploaded {len(mxcs)} files"
          + (f" into {args.room}" if args.room else "") + f" in {time.monotonic() - t0:.1f}s")


def main():
    p = argparse.ArgumentParser(description="Local Synapse for Curator: start, stop, seed, federate.")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="generate config if needed, start Synapse, wait until ready")
    s.add_argument("--dir", required=True)
    s.add_argument("--port", type=int, required=True, help="client/admin HTTP port on 127.0.0.1")
    s.add_argument("--server-name", help="default: localhost, or 127.0.0.1:FPORT with --federation-port")
    s.add_argument("--federation-port", type=int, help="also serve federation over TLS on this port")
    s.add_argument("--postgres", metavar="CLUSTER_JSON", default=os.environ.get("CURATOR_POSTGRES") or None,
                   help="use PostgreSQL: the cluster.json scripts/postgres.py wrote "
                        "(default: $CURATOR_POSTGRES if set, else SQLite)")
    s.add_argument("--postgres-db", help="the database in that cluster (default: DIR's last component)")
    s.add_argument("--oidc-issuer", help="offer single sign-on through this OpenID provider")
    s.add_argument("--oidc-client-secret", help="Synapse's client secret at that provider")
    s.add_argument("--sso-client-whitelist", action="append",
                   help="a URL prefix that gets SSO login tokens without a confirmation page")
    s.set_defaults(fn=cmd_start)
    s = sub.add_parser("stop", help="stop the Synapse whose PID is in DIR/synapse.pid")
    s.add_argument("--dir", required=True)
    s.set_defaults(fn=cmd_stop)
    for name, fn, help_ in (("seed", cmd_seed, "seed the full demo data set (fresh DIR only)"),
                            ("seed-minimal", cmd_seed_minimal, "register only admin and alice")):
        s = sub.add_parser(name, help=help_)
        s.add_argument("--dir", required=True)
        s.add_argument("--admin-password", help="default: a random password (printed)")
        s.set_defaults(fn=fn)
    s = sub.add_parser("bulk", help="register USER and upload FILES small distinct files")
    s.add_argument("--dir", required=True)
    s.add_argument("--user", required=True)
    s.add_argument("--files", type=int, required=True)
    s.add_argument("--room", help="a room id the user joins and posts each file into")
    s.add_argument("--new-room", help="create a public room of this name and post each file into it")
    s.add_argument("--forward-upload-by", help="register this user, upload one file as them and "
                   "post it into the room as the bulk user (a file of a non-member)")
    s.set_defaults(fn=cmd_bulk)
    s = sub.add_parser("federate", help="join DIR's alice to a room on PEERDIR's server")
    s.add_argument("--dir", required=True)
    s.add_argument("--peer-dir", required=True)
    s.set_defaults(fn=cmd_federate)
    args = p.parse_args()
    try:
        args.fn(args)
    except Fatal as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
