#!/usr/bin/env python3
"""Trunk post-build hook: split the app's wasm into a main module and lazily loaded chunks.

The pages are `#[lazy_route]`s: their code can leave the main module and be fetched when the
admin first opens one, so the first page load stays small. Trunk cannot split wasm itself, so
this hook redoes the last steps of its pipeline on the module cargo linked (with
`--emit-relocs`, see .cargo/config.toml):

  wasm-split-cli  -> the main module, one chunk per page (plus chunks of code pages share) and
                     the loader `__wasm_split.js`
  wasm-bindgen    -> the main module's JS glue, under the name Trunk gave its own
                     (`--keep-lld-exports`: the chunks link to the main module's function table)
  wasm-opt -Oz    -> every module, for release builds

and replaces Trunk's `curator-<hash>.js` / `_bg.wasm` in the staging folder. The loader and
the chunks get content-hashed names; index.html's integrity hashes are recomputed.
"""
import base64
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor


def fail(message):
    sys.exit(f"split-wasm: {message}")


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")


def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()[:16]


def sri(path):
    return "sha384-" + base64.b64encode(hashlib.sha384(open(path, "rb").read()).digest()).decode()


staging = os.environ.get("TRUNK_STAGING_DIR") or fail("TRUNK_STAGING_DIR is not set (run it as a Trunk hook)")
profile = os.environ.get("TRUNK_PROFILE", "release")
source = os.environ.get("TRUNK_SOURCE_DIR", os.getcwd())
target_dir = os.environ.get("CARGO_TARGET_DIR", os.path.join(source, "target"))
raw = os.path.join(target_dir, "wasm32-unknown-unknown", profile, "curator.wasm")
if not os.path.isfile(raw):
    fail(f"the linked module {raw} is missing")

glue = glob.glob(os.path.join(staging, "curator-*.js"))
if len(glue) != 1:
    fail(f"expected one curator-<hash>.js in {staging}, found {len(glue)}")
stem = os.path.basename(glue[0])[: -len(".js")]

def tool_versions():
    out = []
    for tool in ("wasm-split-cli", "wasm-bindgen", "wasm-opt"):
        res = subprocess.run([tool, "--version"], capture_output=True, text=True)
        out.append(f"{tool}: {res.returncode} {res.stdout.strip()}")
    return "\n".join(out)


def cache_key():
    """What the split, bindgen and optimised modules depend on: the linked module, the names,
    the profile, the tools and this script. The same key always gives the same files."""
    h = hashlib.sha256()
    for part in (open(raw, "rb").read(), stem.encode(), profile.encode(), tool_versions().encode(),
                 open(__file__, "rb").read()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:32]


def split_and_optimise(work):
    run("wasm-split-cli", raw, work, "--target", "web", "--out-name", stem)
    run("wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-typescript",
        "--out-dir", work, "--out-name", stem, os.path.join(work, f"{stem}.wasm"))
    if profile == "release":
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            list(pool.map(lambda m: run("wasm-opt", "-Oz", m, "-o", m), modules_in(work)))


def modules_in(work):
    """The main module, then the chunks: one per page (`split_*`), and one for each set of
    pages that share code (`chunk_*`)."""
    chunks = sorted(p for p in glob.glob(os.path.join(work, "*.wasm"))
                    if os.path.basename(p) not in (f"{stem}.wasm", f"{stem}_bg.wasm"))
    return [os.path.join(work, f"{stem}_bg.wasm")] + chunks


# A rebuild of an unchanged module (the sub-path build right after the root one, or a second
# test run) reuses the last result instead of optimising every module again. The cache lives
# in the target folder and keeps the last few keys.
cache_root = os.path.join(target_dir, "split-wasm-cache")
cached = os.path.join(cache_root, cache_key())

with tempfile.TemporaryDirectory() as work:
    if os.path.isdir(cached):
        shutil.copytree(cached, work, dirs_exist_ok=True)
        os.utime(cached)  # the cache keeps the most recently used keys
        print(f"split-wasm: reusing {os.path.relpath(cached, source)}")
    else:
        split_and_optimise(work)
        os.makedirs(cache_root, exist_ok=True)
        partial = tempfile.mkdtemp(dir=cache_root, prefix=".partial-")
        shutil.copytree(work, partial, dirs_exist_ok=True)
        try:
            os.rename(partial, cached)
        except OSError:  # another build stored the same key meanwhile
            shutil.rmtree(partial, ignore_errors=True)
        entries = sorted((e for e in os.scandir(cache_root) if not e.name.startswith(".")),
                         key=lambda e: e.stat().st_mtime)
        for old in entries[:-4]:
            shutil.rmtree(old.path, ignore_errors=True)
    modules = modules_in(work)
    chunks = modules[1:]

    # Content-hashed names, so a new release never meets a stale cached chunk.
    loader_js = open(os.path.join(work, "__wasm_split.js"), encoding="utf-8").read()
    for chunk in chunks:
        name = os.path.basename(chunk)
        hashed = f"{name[: -len('.wasm')]}-{digest(chunk)}.wasm"
        if f'"./{name}"' not in loader_js:
            fail(f"the loader does not name {name}")
        loader_js = loader_js.replace(f'"./{name}"', f'"./{hashed}"')
        shutil.copyfile(chunk, os.path.join(staging, hashed))
    loader_name = f"split-{hashlib.sha256(loader_js.encode()).hexdigest()[:16]}.js"
    with open(os.path.join(staging, loader_name), "w", encoding="utf-8") as f:
        f.write(loader_js)

    main_js = open(os.path.join(work, f"{stem}.js"), encoding="utf-8").read()
    if chunks:
        # Only the JS import moves; the wasm's import module keeps its name.
        if 'from "./__wasm_split.js"' not in main_js:
            fail("the main module's glue does not import the chunk loader")
        main_js = main_js.replace('from "./__wasm_split.js"', f'from "./{loader_name}"')
    with open(os.path.join(staging, f"{stem}.js"), "w", encoding="utf-8") as f:
        f.write(main_js)
    shutil.copyfile(os.path.join(work, f"{stem}_bg.wasm"), os.path.join(staging, f"{stem}_bg.wasm"))
    if not chunks:
        os.remove(os.path.join(staging, loader_name))

# Trunk pinned the integrity of the files it wrote; pin the ones that replaced them.
index = os.path.join(staging, "index.html")
html = open(index, encoding="utf-8").read()
for name in (f"{stem}.js", f"{stem}_bg.wasm"):
    pattern = re.compile(r'(href="[^"]*' + re.escape(name) + r'"[^>]*?integrity=")[^"]*(")')
    html, count = pattern.subn(lambda m: m.group(1) + sri(os.path.join(staging, name)) + m.group(2), html)
    if count == 0 and 'integrity="' in html:
        fail(f"index.html has no integrity for {name}")
with open(index, "w", encoding="utf-8") as f:
    f.write(html)
print(f"split-wasm: {stem}: main module and {len(chunks)} chunks")
