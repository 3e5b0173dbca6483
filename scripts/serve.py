#!/usr/bin/env python3
"""Serve Curator's built `dist/` on 127.0.0.1 the way production should: the single-page-app
fallback (any path under the base that is not a file answers index.html), the right MIME types, and
the strict Content-Security-Policy the app is built to run under.

    python3 scripts/serve.py --dist dist --port 8080 --homeserver http://127.0.0.1:8008 \
        [--base /curator/] [--config-json '{"homeserver": "..."}']

--port 0 picks a free port. The first line on stdout is always `serving on <url>`.

For the tests of a deployment gone wrong: `--config-status 500` answers config.json with that
status, `--config-body TEXT [--config-type TYPE]` serves any text as config.json (a malformed
file, an HTML page), and `--framer URL` serves, instead of the app, a page that shows URL in an
iframe (an attacker's page trying to frame Curator). `--well-known JSON` (with `--tls-cert` and
`--tls-key` for https) plays a homeserver's `/.well-known/matrix/client`.
"""
import argparse
import html
import http.server
import json
import mimetypes
import os
import posixpath
import socketserver
import ssl
import sys
import urllib.parse

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/json", ".json")


def csp(homeservers):
    """The production Content-Security-Policy (the README's "Security model" explains each part)."""
    connect = " ".join(["'self'"] + homeservers)
    return (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
        f"connect-src {connect}; img-src 'self' blob: data:; style-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )


def framer_page(target):
    """An attacker's page that tries to show Curator in a frame (for the clickjacking test)."""
    src = html.escape(target, quote=True)
    return (
        "<!DOCTYPE html><html><head><title>Framer</title></head><body>"
        f'<h1>Framer</h1><iframe id="victim" title="victim" src="{src}" width="800" height="600"></iframe>'
        "</body></html>"
    ).encode()


def make_handler(dist, base, policy, config):
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
            # For browsers without frame-ancestors.
            self.send_header("X-Frame-Options", "DENY")
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
            if rel == "config.json" and config["body"] is not None:
                return self.send(config["status"], config["body"].encode(), config["type"], head)
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
    p.add_argument("--config-status", type=int, default=200, help="answer config.json with this status")
    p.add_argument("--config-body", help="serve this text as config.json, even if it is not JSON")
    p.add_argument("--config-type", default="application/json", help="the Content-Type of --config-body")
    p.add_argument("--framer", metavar="URL", help="serve a page that frames URL instead of the app")
    p.add_argument("--well-known", metavar="JSON",
                   help="serve this as a server's /.well-known/matrix/client instead of the app")
    p.add_argument("--tls-cert", help="with --framer or --well-known: serve https with this certificate")
    p.add_argument("--tls-key", help="the certificate's key")
    a = p.parse_args()
    base = a.base if a.base.endswith("/") else a.base + "/"
    if not base.startswith("/"):
        base = "/" + base
    if a.framer:
        return serve_page(a, framer_page(a.framer), "text/html; charset=utf-8")
    if a.well_known is not None:
        json.loads(a.well_known)
        cors = [("Access-Control-Allow-Origin", "*")]
        return serve_page(a, a.well_known.encode(), "application/json", cors)
    if not os.path.isfile(os.path.join(a.dist, "index.html")):
        sys.exit(f"serve: {a.dist}/index.html does not exist; build the app first (trunk build --release)")
    if a.config_json is not None:
        json.loads(a.config_json)  # refuse to serve a broken config by accident
    body = a.config_body if a.config_body is not None else a.config_json
    if body is None and a.config_status != 200:
        body = f"HTTP {a.config_status}\n"
    config = {"status": a.config_status, "body": body, "type": a.config_type}
    handler = make_handler(os.path.abspath(a.dist), base, csp(a.homeserver), config)
    server = Server((a.host, a.port), handler)
    host, port = server.server_address[:2]
    print(f"serving on http://{host}:{port}{base}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


def serve_page(a, body, content_type, headers=()):
    """Answers every GET with one page (the framer, or a server's .well-known), over TLS with
    --tls-cert/--tls-key."""

    class Page(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    server = Server((a.host, a.port), Page)
    scheme = "http"
    if a.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(a.tls_cert, a.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    host, port = server.server_address[:2]
    print(f"serving on {scheme}://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
