#!/usr/bin/env python3
"""Trunk post-build hook: move the inline <script type="module"> loader Trunk writes into
index.html into a file of its own, so the app runs under a Content-Security-Policy with
script-src 'self' (no 'unsafe-inline')."""
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("extract-loader: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
if not public_url.endswith("/"):
    public_url += "/"
index = os.path.join(staging, "index.html")
html = open(index, encoding="utf-8").read()

pattern = re.compile(r"<script type=\"?module\"?>(.*?)</script>", re.S)
scripts = pattern.findall(html)
if len(scripts) != 1:
    sys.exit(f"extract-loader: expected one inline module script in index.html, found {len(scripts)}")
code = scripts[0].strip() + "\n"
name = f"loader-{hashlib.sha256(code.encode()).hexdigest()[:16]}.js"
with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
    f.write(code)
html = pattern.sub(lambda _m: f'<script type="module" src="{public_url}{name}"></script>', html, count=1)
with open(index, "w", encoding="utf-8") as f:
    f.write(html)
