#!/usr/bin/env python3
"""Serve Curator's built `dist/` on 127.0.0.1 the way production should: the single-page-app
fallback (any path under the base that is not a file answers index.html), the right MIME types, and
the strict Content-Security-Policy the app is built to run under.

    python3 scripts/serve.py --dist dist --port 8080 --homeserver http://127.0.0.1:8008 \
        [--base /curator/] [--config-json '{"homeserver": "..."}']

--port 0 picks a free port. The first line on stdout is always `serving on <url>`.
"""
import argparse
import http.server
import json
import mimetypes
import os
import posixpath
import socketserver
import sys
import urllib.parse

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".json")


def csp(homeservers):
    connect = " ".join(["'self'"] + homeservers)
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
        f"connect-src {connect}; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'"
    )


def make_handler(dist, base, policy, config_json):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet: tests and the demo print what matters
            pass

        def do_HEAD(self):
            self.respond(head=True)

        def do_GET(self):
            self.respond(head=False)

        def send(self, status, body, content_type, head, cache="no-cache"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", cache)
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def respond(self, head):
            path = urllib.parse.urlsplit(self.path).path
            if not path.startswith(base):
                if path + "/" == base:
                    self.send_response(308)
                    self.send_header("Location", base)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                return self.send(404, b"not found\n", "text/plain", head)
            rel = urllib.parse.unquote(path[len(base):])
            rel = posixpath.normpath("/" + rel).lstrip("/")
            if config_json is not None and rel == "config.json":
                return self.send(200, config_json.encode(), "application/json", head)
            file = os.path.join(dist, rel)
            if rel and os.path.isfile(file):
                with open(file, "rb") as f:
                    body = f.read()
                ctype = mimetypes.guess_type(file)[0] or "application/octet-stream"
                cache = "no-cache" if rel == "index.html" else "public, max-age=31536000, immutable"
                if rel in ("config.json",) or not any(c.isdigit() for c in rel):
                    cache = "no-cache"
                return self.send(200, body, ctype, head, cache)
            # Like nginx's `try_files $uri /index.html`: every other path is a route of the app
            # (user ids such as @alice:127.0.0.1:8448 contain dots, so no guessing by extension).
            with open(os.path.join(dist, "index.html"), "rb") as f:
                return self.send(200, f.read(), "text/html; charset=utf-8", head)

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dist", default="dist")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--base", default="/", help="the sub-path the app is built for (trunk --public-url)")
    p.add_argument("--homeserver", action="append", default=[], help="an origin the app may call (repeatable)")
    p.add_argument("--config-json", help="serve this text as config.json instead of the file in dist")
    a = p.parse_args()
    base = a.base if a.base.endswith("/") else a.base + "/"
    if not base.startswith("/"):
        base = "/" + base
    if not os.path.isfile(os.path.join(a.dist, "index.html")):
        sys.exit(f"serve: {a.dist}/index.html does not exist; build the app first (trunk build --release)")
    if a.config_json is not None:
        json.loads(a.config_json)  # refuse to serve a broken config by accident
    handler = make_handler(os.path.abspath(a.dist), base, csp(a.homeserver), a.config_json)
    server = Server((a.host, a.port), handler)
    host, port = server.server_address[:2]
    print(f"serving on http://{host}:{port}{base}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
