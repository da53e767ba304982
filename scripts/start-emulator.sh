#!/usr/bin/env bash
# Usage: scripts/start-emulator.sh moto|ministack|localstack|fakecloud PORT
# Runs the emulator in the foreground on 127.0.0.1:PORT (exec, so the caller's PID is the
# emulator's and a SIGTERM stops it). Installed by scripts/install-emulators.sh.
# Ready check / reset / version, per emulator:
#   moto        GET  /moto-api/                      POST /moto-api/reset        version: python3 -c 'import moto; print(moto.__version__)'
#   ministack   GET  /_ministack/health (JSON)       POST /_ministack/reset      version: health JSON "version"
#   localstack  GET  /_localstack/health, wait for services.iam == "running"; no reset;  version: health JSON "version"
#   fakecloud   GET  /_fakecloud/health (JSON)       POST /_reset                version: health JSON "version"
set -uo pipefail
name=${1:?moto|ministack|localstack|fakecloud}
port=${2:?port}
CACHE=${IMC_CACHE:-/var/cache/iam-mfa-conformance}

case $name in
  moto) exec moto_server -H 127.0.0.1 -p "$port" ;;
  ministack)
    # SERVICES keeps start-up small; the account is the 12-digit access key id, else 000000000000.
    GATEWAY_PORT=$port BIND_HOST=127.0.0.1 SERVICES=iam,sts exec "$CACHE/venv-ministack/bin/ministack" ;;
  localstack)
    # Host mode, no Docker. hypercorn because the default twisted server ignores the host part of
    # GATEWAY_LISTEN and binds 0.0.0.0. OVERRIDE_IN_DOCKER=0: this machine is itself a container,
    # and LocalStack would otherwise write to /var/lib/localstack. DNS_ADDRESS=0: no DNS server on
    # port 53. DISABLE_EVENTS / SKIP_SSL_CERT_DOWNLOAD: no calls to the vendor's servers.
    # A fixed FILESYSTEM_ROOT keeps LocalStack's service-catalog cache between starts (faster);
    # without PERSISTENCE no state is kept there.
    fs=$CACHE/localstack-fs; mkdir -p "$fs"
    GATEWAY_LISTEN=127.0.0.1:$port GATEWAY_SERVER=hypercorn SERVICES=iam,sts EAGER_SERVICE_LOADING=1 \
    OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT=$fs DNS_ADDRESS=0 DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1 \
      exec "$CACHE/venv-localstack/bin/python" -m localstack.runtime.main ;;
  fakecloud) exec "$CACHE/fakecloud/bin/fakecloud" --addr "127.0.0.1:$port" ;;
  *) echo "unknown emulator: $name" >&2; exit 2 ;;
esac
