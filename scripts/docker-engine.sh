#!/usr/bin/env bash
# Ensure a Docker engine answers on /var/run/docker.sock.
# No engine is preinstalled on this kind of machine and no systemd runs, so we
# install Debian's docker.io and start dockerd by hand. Idempotent: exits at
# once when `docker info` already works. Must run as root.
# Env: DOCKER_STORAGE_DRIVERS (tried in order, default "overlay2 vfs"),
#      DOCKER_WAIT_SECS (per driver, default 60), DOCKERD_LOG.
set -euo pipefail

log() { echo "[docker-engine] $*"; }
die() { echo "[docker-engine] ERROR: $*" >&2; exit 1; }

DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd.log}
WAIT_SECS=${DOCKER_WAIT_SECS:-60}
# overlay2 first: vfs copies the whole image for every container (measured
# here: 15-22 s per `docker run` of the ~400 MB moto image, 5-15 s per
# `docker rm`, vs ~0.5 s each on overlay2).
# vfs stays as the fallback because it works on any filesystem.
DRIVERS=${DOCKER_STORAGE_DRIVERS:-overlay2 vfs}

if docker info >/dev/null 2>&1; then
  log "engine already answering"
  exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root (installs packages, starts dockerd)"

if ! command -v dockerd >/dev/null 2>&1; then
  log "dockerd missing: installing Debian docker.io (apt log /tmp/docker-engine-apt.log)"
  # iptables comes as a dependency: dockerd needs it for -p port mappings.
  # NEEDRESTART_SUSPEND: needrestart's apt hook prints noise without a tty.
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
      apt-get -o DPkg::Lock::Timeout=300 install -y -qq docker.io; } >/tmp/docker-engine-apt.log 2>&1 \
    || { tail -n 20 /tmp/docker-engine-apt.log >&2; die "installing docker.io failed"; }
fi

wait_ready() {  # gives up early when dockerd has died (e.g. bad storage driver)
  for _ in $(seq "$WAIT_SECS"); do
    if docker info >/dev/null 2>&1; then return 0; fi
    pgrep -x dockerd >/dev/null || return 1
    sleep 1
  done
  return 1
}

# A daemon may be starting already (a parallel call, or a previous run still
# coming up): wait for it rather than start a second one.
if pgrep -x dockerd >/dev/null; then
  log "dockerd already running, waiting for it"
  wait_ready || die "running dockerd does not answer (log: $DOCKERD_LOG)"
else
  ok=""
  for driver in $DRIVERS; do
    # Stale pid/socket from a killed daemon make dockerd refuse to start.
    rm -f /var/run/docker.pid /var/run/docker.sock
    log "starting dockerd --storage-driver=$driver (log $DOCKERD_LOG)"
    setsid nohup dockerd --storage-driver="$driver" >>"$DOCKERD_LOG" 2>&1 </dev/null &
    if wait_ready; then ok=1; break; fi
    log "dockerd with $driver did not come up; last log lines:"
    tail -n 5 "$DOCKERD_LOG" >&2 || true
    # Stop only the daemon we just started (its pid is $!).
    kill "$!" 2>/dev/null || true
    for _ in $(seq 20); do pgrep -x dockerd >/dev/null || break; sleep 1; done
  done
  [ -n "$ok" ] || die "no storage driver of '$DRIVERS' gave a working dockerd (log: $DOCKERD_LOG)"
fi

# The client on PATH may be /usr/local/bin/docker (28.x) talking to Debian's
# 20.10 daemon: it negotiates down to API 1.41, which is fine; print both.
log "engine ready: $(docker version --format 'client {{.Client.Version}}, server {{.Server.Version}} (API {{.Server.APIVersion}})'), storage $(docker info --format '{{.Driver}}'), socket /var/run/docker.sock"
