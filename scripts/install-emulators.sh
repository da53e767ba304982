#!/usr/bin/env bash
# Usage: scripts/install-emulators.sh [moto|ministack|localstack|fakecloud|all]   (default: all)
# Installs pinned emulators into $IMC_CACHE (default /var/cache/iam-mfa-conformance), which lives
# outside the repo so fresh clones and CI runs on the same machine reuse it. Idempotent: a pinned
# version already in place is skipped. Prints one line per emulator: installed/already/failed(reason).
# Exit status: non-zero when moto is unusable, or when the single emulator asked for failed;
# with "all", the other emulators are optional and their failures only show in the output.
# Logs: $IMC_CACHE/logs/<emulator>-install.log
set -uo pipefail

MOTO_VERSION=5.2.1
MINISTACK_VERSION=1.5.33
LOCALSTACK_VERSION=2026.3.0
FAKECLOUD_VERSION=0.51.0

CACHE=${IMC_CACHE:-/var/cache/iam-mfa-conformance}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOGS=$CACHE/logs
mkdir -p "$LOGS" || { echo "cannot create $LOGS"; exit 2; }

# Reason of the last failure, set by the install functions for the summary line.
WHY=""

# moto is part of the machine image (system python), so it is only checked, never installed.
check_moto() {
  local v
  v=$(python3 -c 'import moto, moto.server; print(moto.__version__)' 2>>"$LOGS/moto-install.log") \
    || { WHY="python3 cannot import moto.server (pip install 'moto[server]==$MOTO_VERSION')"; return 1; }
  command -v moto_server >/dev/null || { WHY="moto_server not on PATH"; return 1; }
  [[ $v == "$MOTO_VERSION" ]] || echo "moto: note: version $v, suite was checked against $MOTO_VERSION"
  return 2
}

# venv_install NAME PYTHON SPEC CONSTRAINTS SMOKE: one venv per emulator; a marker file records
# what was installed, so a second run costs one file read.
venv_install() {
  local name=$1 py=$2 spec=$3 cons=$4 smoke=$5
  local venv=$CACHE/venv-$name marker="$spec $(sha1sum <"$cons" | cut -c1-12)"
  local log=$LOGS/$name-install.log
  # The interpreter check catches a venv whose base python was removed.
  if [[ -f $venv/.imc-installed && $(cat "$venv/.imc-installed") == "$marker" ]] \
     && "$venv/bin/python" -c '' 2>/dev/null; then
    return 2
  fi
  rm -rf "$venv"
  "$py" -m venv "$venv" >"$log" 2>&1 || { WHY="venv creation with $py failed, see $log"; return 1; }
  "$venv/bin/pip" install --disable-pip-version-check -q "$spec" -c "$cons" >>"$log" 2>&1 \
    || { WHY="pip install $spec failed: $(grep -m1 -E '^ERROR' "$log")"; return 1; }
  "$venv/bin/python" -c "$smoke" >>"$log" 2>&1 \
    || { WHY="installed but does not import: $(tail -n1 "$log")"; return 1; }
  echo "$marker" >"$venv/.imc-installed"
}

install_ministack() {
  venv_install ministack python3 "ministack==$MINISTACK_VERSION" "$HERE/constraints/ministack.txt" \
    'import ministack.app'
}

# localstack-core 2026.x uses PEP 695 syntax (Python >= 3.12) although its metadata says >= 3.10;
# the machine's python3 is 3.11, so take a newer interpreter (pyenv ships 3.13 and 3.12 here).
localstack_python() {
  local c
  for c in ${IMC_LS_PYTHON:-} python3.13 python3.12 \
           "$(pyenv root 2>/dev/null)"/versions/3.13*/bin/python3 \
           "$(pyenv root 2>/dev/null)"/versions/3.12*/bin/python3; do
    [[ -n $c ]] && "$c" -c 'import sys, ssl; assert sys.version_info >= (3, 12)' 2>/dev/null \
      && { command -v "$c"; return 0; }
  done
  return 1
}

install_localstack() {
  local py
  py=$(localstack_python) || { WHY="no Python >= 3.12 found (set IMC_LS_PYTHON)"; return 1; }
  # The import of the AWS components is what fails when a dependency drifted (cbor2, syntax).
  venv_install localstack "$py" "localstack-core[runtime]==$LOCALSTACK_VERSION" \
    "$HERE/constraints/localstack.txt" 'import localstack.aws.components, localstack.services.iam.provider'
}

install_fakecloud() {
  local root=$CACHE/fakecloud log=$LOGS/fakecloud-install.log
  if [[ $("$root/bin/fakecloud" --version 2>/dev/null) == *"$FAKECLOUD_VERSION"* ]]; then return 2; fi
  command -v cargo >/dev/null || { WHY="cargo not found"; return 1; }
  # --locked: the crate's own Cargo.lock, so newer dependency releases cannot break the build.
  # --debug without debuginfo: ~110 workspace crates; an optimised build takes hours on 2 cores.
  # A target dir in the cache lets an interrupted build resume where it stopped.
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0 \
    cargo install fakecloud --version "$FAKECLOUD_VERSION" --locked --debug --root "$root" \
      --target-dir "$CACHE/fakecloud-build" >"$log" 2>&1 \
    || { WHY="cargo install failed: $(grep -m1 -E '^error' "$log"), see $log"; return 1; }
  rm -rf "$CACHE/fakecloud-build"
}

run() { # name version function; prints the summary line, returns 0 when usable
  local rc; WHY=""
  "$3"; rc=$?
  case $rc in
    0) echo "$1: installed ($2)"; return 0 ;;
    2) echo "$1: already ($2)"; return 0 ;;
    *) echo "$1: failed($2: ${WHY:-exit $rc})"; return 1 ;;
  esac
}

what=${1:-all}
case $what in
  all) targets=(ministack localstack fakecloud) ;;
  moto) targets=() ;;
  ministack|localstack|fakecloud) targets=("$what") ;;
  *) echo "usage: $0 [moto|ministack|localstack|fakecloud|all]" >&2; exit 2 ;;
esac
status=0
run moto "$MOTO_VERSION" check_moto || status=1
for t in "${targets[@]}"; do
  v=${t^^}_VERSION
  run "$t" "${!v}" "install_$t" || [[ $what == all ]] || status=1
done
exit $status
