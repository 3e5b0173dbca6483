#!/usr/bin/env python3
"""Serve Curator through a real web server with the repository's own configuration file,
for the end-to-end tests: deploy/nginx.conf through nginx, or deploy/Caddyfile through Caddy.

    python3 scripts/webserver.py nginx|caddy --root WEB --subpath-root WEB_SUBPATH \
        --homeserver http://127.0.0.1:8008 [--homeserver ORIGIN …] --run DIR [--proxy-synapse URL]

WEB and WEB_SUBPATH are the web/ folders of the unpacked release tarballs. Only what differs on
this machine is changed in the file: the listening addresses (two free ports on 127.0.0.1),
the folders, and the homeserver in connect-src; every marker must be found, so a changed
deploy file fails loudly instead of being served half-templated. The first two lines on stdout
are `serving on <url>` (the root site) and `serving sub-path on <url>`; then this process
becomes the server (it stops on SIGTERM).
"""
import argparse
import os
import shutil
import socket
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
HOMESERVER = "https://matrix.example.org"
BROTLI_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"


def fail(message):
    sys.exit(f"webserver: {message}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replace(text, old, new, count):
    """Replace exactly `count` occurrences of old (0: at least one), or fail."""
    found = text.count(old)
    if found == 0 or (count and found != count):
        fail(f"expected {count or 'some'} {old!r} in the deploy file, found {found}")
    return text.replace(old, new)


def render_nginx(a, ports, d):
    text = open(os.path.join(ROOT, "deploy", "nginx.conf"), encoding="utf-8").read()
    for port in ports:  # the root server's listen line, then the sub-path server's
        if "    listen 80;" not in text:
            fail("expected two `listen 80;` lines in deploy/nginx.conf")
        text = text.replace("    listen 80;", f"    listen 127.0.0.1:{port};", 1)
    text = replace(text, "root /srv/curator;", f"root {a.root};", 1)
    text = replace(text, "alias /srv/curator-subpath/;", f"alias {a.subpath_root.rstrip('/')}/;", 1)
    text = replace(text, HOMESERVER, " ".join(a.homeserver), 0)
    site = os.path.join(d, "curator.conf")
    with open(site, "w", encoding="utf-8") as f:
        f.write(text)
    tmp = os.path.join(d, "tmp")
    os.makedirs(tmp, exist_ok=True)
    module = f"load_module {BROTLI_MODULE};\n" if os.path.exists(BROTLI_MODULE) else ""
    if not module:  # the file documents this: without ngx_brotli the lines go
        with open(site, encoding="utf-8") as f:
            stripped = "".join(l for l in f if "brotli_static" not in l)
        with open(site, "w", encoding="utf-8") as f:
            f.write(stripped)
    temps = "".join(f"    {k}_temp_path {tmp}/{k};\n"
                    for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = (f"{module}daemon off;\npid {d}/nginx.pid;\nerror_log stderr warn;\nworker_processes 1;\n"
            "events { worker_connections 512; }\n"
            "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
            f"    access_log off;\n{temps}    include {site};\n}}\n")
    conf = os.path.join(d, "nginx.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(main)
    return ["nginx", "-p", d, "-e", "stderr", "-c", conf]


def render_caddy(a, ports, d):
    text = open(os.path.join(ROOT, "deploy", "Caddyfile"), encoding="utf-8").read()
    text = replace(text, HOMESERVER, " ".join(a.homeserver), 0)
    text = replace(text, "\ncurator.example.org {", f"\nhttp://127.0.0.1:{ports[0]} {{", 1)
    site = f"\nhttp://127.0.0.1:{ports[1]} {{"
    if a.proxy_synapse:
        # The homeserver's own site already proxies Synapse (the file says so): play that part,
        # so the app under /curator/ calls Synapse on its own origin.
        site += (f"\n\treverse_proxy /_matrix/* {a.proxy_synapse}"
                 f"\n\treverse_proxy /_synapse/* {a.proxy_synapse}")
    text = replace(text, "\nmatrix.example.org {", site, 1)
    text = replace(text, "root * /srv/curator-subpath\n", f"root * {a.subpath_root}\n", 1)
    text = replace(text, "root * /srv/curator\n", f"root * {a.root}\n", 1)
    # Test-only global options: no admin endpoint, no certificates, nothing outside DIR.
    text = "{\n\tadmin off\n\tauto_https off\n}\n\n" + text
    conf = os.path.join(d, "Caddyfile")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(text)
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = d
    return ["caddy", "run", "--adapter", "caddyfile", "--config", conf]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("server", choices=["nginx", "caddy"])
    p.add_argument("--root", required=True)
    p.add_argument("--subpath-root", required=True)
    p.add_argument("--homeserver", action="append", required=True,
                   help="an origin the app may call (repeatable), put in connect-src")
    p.add_argument("--run", required=True, help="a folder for the rendered configuration and state")
    p.add_argument("--proxy-synapse", metavar="URL",
                   help="caddy only: the sub-path site also proxies /_matrix and /_synapse to URL "
                        "(Curator next to Synapse on one origin, as the benchmark measures it)")
    a = p.parse_args()
    if a.proxy_synapse and a.server != "caddy":
        fail("--proxy-synapse is only built for caddy")
    a.root, a.subpath_root = os.path.abspath(a.root), os.path.abspath(a.subpath_root)
    for web in (a.root, a.subpath_root):
        if not os.path.isfile(os.path.join(web, "index.html")):
            fail(f"{web}/index.html does not exist")
    if shutil.which(a.server) is None:
        fail(f"{a.server} is not installed: run scripts/setup")
    d = os.path.abspath(a.run)
    os.makedirs(d, exist_ok=True)
    ports = [free_port(), free_port()]
    cmd = (render_nginx if a.server == "nginx" else render_caddy)(a, ports, d)
    check = {"nginx": cmd + ["-t", "-q"], "caddy": ["caddy", "validate", "--adapter", "caddyfile",
                                                     "--config", cmd[-1]]}[a.server]
    import subprocess
    res = subprocess.run(check, capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"{' '.join(check)} refused the configuration:\n{res.stdout}{res.stderr}")
    print(f"serving on http://127.0.0.1:{ports[0]}/", flush=True)
    print(f"serving sub-path on http://127.0.0.1:{ports[1]}/curator/", flush=True)
    os.execvp(cmd[0], cmd)


if __name__ == "__main__":
    main()
