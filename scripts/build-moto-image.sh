#!/usr/bin/env bash
# Ensure the local image iam-mfa-conformance/moto:<moto version> exists.
# No image registry is reachable, so the image is built without a base image:
# a Debian rootfs from debootstrap (Debian's mirror is reachable) plus the host's
# installed moto[server] and its dependency closure, joined by `docker import`.
# Idempotent: exits at once when the tag exists; the rootfs is cached.
# Must run as root. Env: PYTHON (default python3), IMC_CACHE (the cache every script shares).
set -euo pipefail

log() { echo "[build-moto-image] $*"; }
die() { echo "[build-moto-image] ERROR: $*" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-python3}
CACHE=${IMC_CACHE:-/var/cache/iam-mfa-conformance}
ROOTFS=$CACHE/rootfs-bookworm
MIRROR=http://deb.debian.org/debian

# The tag follows the host's moto, so the image serves the same code as the
# preinstalled `moto_server` and results compare across the two.
MOTO_VERSION=$("$PYTHON" -c 'import moto; print(moto.__version__)') \
  || die "moto is not importable with $PYTHON"
TAG=iam-mfa-conformance/moto:$MOTO_VERSION

bash "$here/docker-engine.sh"

if docker image inspect "$TAG" >/dev/null 2>&1; then
  log "$TAG already present"
  exit 0
fi

mkdir -p "$CACHE"

# The .complete marker is written last, so an interrupted debootstrap is redone
# rather than reused half-made.
if [ ! -e "$ROOTFS.complete" ]; then
  command -v debootstrap >/dev/null 2>&1 || {
    log "installing debootstrap"
    # NEEDRESTART_SUSPEND: needrestart's apt hook prints noise without a tty.
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap; } >"$CACHE/apt.log" 2>&1 \
      || { tail -n 20 "$CACHE/apt.log" >&2; die "installing debootstrap failed"; }
  }
  log "debootstrap bookworm (minbase + python3) into $ROOTFS (a few minutes)"
  rm -rf "$ROOTFS" "$ROOTFS.tmp"
  t0=$SECONDS
  debootstrap --variant=minbase --include=python3 bookworm "$ROOTFS.tmp" "$MIRROR" \
    >"$CACHE/debootstrap.log" 2>&1 || { tail -n 20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed"; }
  mv "$ROOTFS.tmp" "$ROOTFS"
  touch "$ROOTFS.complete"
  log "debootstrap done in $((SECONDS - t0))s"
fi

# Host CPython 3.11.7 and bookworm's 3.11 share the ABI, so the host's compiled
# wheels (cryptography, pydantic-core, ...) load unchanged in the image.
"$ROOTFS/usr/bin/python3" -c 'import sys; assert sys.version_info[:2] == (3, 11), sys.version' \
  || die "rootfs python is not 3.11"

# Take exactly the files (from each RECORD) of moto[server]'s dependency
# closure: the whole site-packages is ~465 MB, the closure ~260 MB.
LIST=$(mktemp /tmp/moto-image-files.XXXXXX)
cid=""
cleanup() { if [ -n "$cid" ]; then docker rm -f "$cid" >/dev/null 2>&1 || true; fi; rm -f "$LIST"; }
trap cleanup EXIT
SITE=$("$PYTHON" -c 'import moto, os; print(os.path.dirname(os.path.dirname(moto.__file__)))')
"$PYTHON" - "$SITE" >"$LIST" <<'EOF'
import importlib.metadata as md, os, re, sys
try:
    from packaging.requirements import Requirement
except ImportError:  # pip always vendors it
    from pip._vendor.packaging.requirements import Requirement
site = os.path.realpath(sys.argv[1])
norm = lambda n: re.sub(r"[-_.]+", "-", n).lower()
seen, todo = {}, [("moto", {"server"})]
while todo:
    name, extras = todo.pop()
    d = md.distribution(name)  # a missing dependency should fail the build
    key = norm(d.metadata["Name"])
    if key in seen and extras <= seen[key]:
        continue
    seen[key] = seen.get(key, set()) | extras
    envs = [{"extra": e} for e in seen[key]] or [{"extra": ""}]
    for r in d.requires or []:
        req = Requirement(r)
        if req.marker is None or any(req.marker.evaluate(e) for e in envs):
            todo.append((req.name, set(req.extras)))
files, dirs, size = set(), set(), 0
for key in sorted(seen):
    d = md.distribution(key)
    for f in d.files or []:
        p = os.path.realpath(d.locate_file(f))
        # skip console scripts and anything else installed outside site-packages
        if p.startswith(site + os.sep) and os.path.isfile(p) and p not in files:
            files.add(p); size += os.path.getsize(p)
for p in files:
    while (p := os.path.dirname(p)) != site:
        dirs.add(p)
# directories first, listed explicitly: tar runs with --no-recursion on them
for p in sorted(dirs) + sorted(files):
    print(os.path.relpath(p, site))
print(f"{len(seen)} distributions, {len(files)} files, {size / 1e6:.0f} MB", file=sys.stderr)
EOF

log "docker import $TAG"
t0=$SECONDS
# One stream, no staging copy (deleting ~22k staged files took over a minute on
# this disk): the cached rootfs as ./..., then the listed site-packages files
# renamed into ./opt/site/. Rootfs names all start with "./" and listed names
# never do, so the rename hits only the latter; S keeps symlink targets (e.g.
# bin -> usr/bin) untouched. Nothing may appear twice (not even ./opt): the
# daemon rejects a layer with duplicate paths.
tar -c -C "$ROOTFS" --exclude='./var/cache/apt/*' --exclude='./var/lib/apt/lists/*' \
    --exclude=./usr/share/doc --exclude=./usr/share/man --exclude=./usr/share/locale . \
    --no-recursion -C "$SITE" --transform='s,^[^.],./opt/site/&,S' -T "$LIST" \
  | docker import -c 'ENV PYTHONPATH=/opt/site' \
      -c 'CMD ["python3","-m","moto.server","-H","0.0.0.0","-p","5000"]' - "$TAG" >/dev/null
log "imported in $((SECONDS - t0))s, size $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"

# Smoke test before trusting the tag: a broken image must not satisfy the
# "tag exists" shortcut on the next run.
smoke_fail() { docker logs "$cid" 2>&1 | tail -n 20 >&2 || true; docker rmi -f "$TAG" >/dev/null 2>&1 || true; die "$1"; }
cid=$(docker run -d -p 127.0.0.1::5000 "$TAG") || smoke_fail "docker run failed"
port=$(docker port "$cid" 5000/tcp | head -n1 | sed 's/.*://')
t0=$SECONDS
until curl -fs -o /dev/null "http://127.0.0.1:$port/moto-api/"; do
  [ $((SECONDS - t0)) -lt 60 ] || smoke_fail "moto did not answer on port $port within 60s"
  sleep 0.5
done
out=$(curl -sS -X POST "http://127.0.0.1:$port/" \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  -H 'Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x' \
  --data 'Action=CreateUser&Version=2010-05-08&UserName=smoke-probe')
grep -q '<CreateUserResponse' <<<"$out" || smoke_fail "unexpected IAM answer: ${out:0:300}"
log "smoke test passed (ready in $((SECONDS - t0))s on 127.0.0.1:$port); $TAG built"
