#!/usr/bin/env python3
"""A small fault-injecting HTTP proxy for the end-to-end tests, on 127.0.0.1 only.

It forwards everything to the upstream homeserver, except that per-file deletes
(DELETE /_synapse/admin/v1/media/<server>/<id>) sometimes fail, deterministically:
  * every 13th such request answers 500 M_UNKNOWN, without reaching Synapse;
  * every 17th answers 429 M_LIMIT_EXCEEDED with retry_after_ms=150, without reaching Synapse;
  * the first from the 40th on that no other rule fails is forwarded, and then its connection
    is dropped before any answer (always exactly one, whatever the ids and their order);
  * "doomed" media ids (sha1(id) % 60 == 0) answer 500 to their first 5 attempts, so a job
    with 4 retries fails them, and "Retry failed" then succeeds.
GET /__proxy/stats returns what was injected (and the doomed ids) as JSON.

    python3 scripts/faultproxy.py --upstream http://127.0.0.1:8008 --port 0
The first line on stdout is `proxying on <url>`.
"""
import argparse
import hashlib
import http.client
import http.server
import json
import re
import socketserver
import threading
import urllib.parse

DELETE_MEDIA = re.compile(r"^/_synapse/admin/v1/media/[^/]+/([A-Za-z0-9_-]+)$")
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "X-Requested-With, Content-Type, Authorization, Date",
}


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.deletes = 0
        self.attempts = {}
        self.stats = {"injected_500": 0, "injected_429": 0, "dropped": 0, "doomed": [], "forwarded": 0}


def doomed(media_id):
    return int(hashlib.sha1(media_id.encode()).hexdigest(), 16) % 60 == 0


def make_handler(upstream, state):
    up = urllib.parse.urlsplit(upstream)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            for k, v in CORS.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def forward(self, drop=False):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=60)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            finally:
                conn.close()
            with state.lock:
                state.stats["forwarded"] += 1
            if drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.send_response(resp.status)
            for k, v in resp.getheaders():
                if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/__proxy/stats":
                with state.lock:
                    return self.answer(200, state.stats)
            m = DELETE_MEDIA.match(path)
            if self.command != "DELETE" or not m:
                return self.forward()
            media_id = m.group(1)
            with state.lock:
                state.deletes += 1
                k = state.deletes
                tries = state.attempts[media_id] = state.attempts.get(media_id, 0) + 1
                if doomed(media_id) and tries <= 5:
                    if media_id not in state.stats["doomed"]:
                        state.stats["doomed"].append(media_id)
                    state.stats["injected_500"] += 1
                    action = "500"
                elif k % 13 == 4:
                    state.stats["injected_500"] += 1
                    action = "500"
                elif k % 17 == 7:
                    state.stats["injected_429"] += 1
                    action = "429"
                elif k >= 40 and state.stats["dropped"] == 0:
                    state.stats["dropped"] += 1
                    action = "drop"
                else:
                    action = "forward"
            if action == "500":
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                return self.answer(500, {"errcode": "M_UNKNOWN", "error": "Internal server error (injected)"})
            if action == "429":
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                return self.answer(429, {"errcode": "M_LIMIT_EXCEEDED", "error": "Too many requests (injected)",
                                         "retry_after_ms": 150})
            return self.forward(drop=(action == "drop"))

        do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_HEAD = handle_any

    return Handler


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--upstream", required=True)
    p.add_argument("--port", type=int, default=0)
    a = p.parse_args()
    if not a.upstream.startswith("http://127.0.0.1:"):
        raise SystemExit("faultproxy: the upstream must be a homeserver on 127.0.0.1")
    server = Server(("127.0.0.1", a.port), make_handler(a.upstream, State()))
    print(f"proxying on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
