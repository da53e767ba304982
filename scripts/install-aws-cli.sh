#!/usr/bin/env bash
# Usage: scripts/install-aws-cli.sh
# Installs what the AWS CLI reproductions a run prints need, for `npm run test:aws-cli`:
#   - the AWS CLI from PyPI (awscli, pinned, deps constrained) in a venv under $IMC_CACHE
#     (default /var/cache/iam-mfa-conformance), outside the repo, reused by later runs;
#   - oathtool from Debian (package oathtool), when it is not on PATH already.
# Idempotent. Prints one line per tool: installed/already/failed(reason); exit 1 on a failure.
# Log: $IMC_CACHE/logs/aws-cli-install.log
set -uo pipefail

AWSCLI_VERSION=1.45.11

CACHE=${IMC_CACHE:-/var/cache/iam-mfa-conformance}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VENV=$CACHE/venv-awscli
LOG=$CACHE/logs/aws-cli-install.log
mkdir -p "$CACHE/logs" || { echo "cannot create $CACHE/logs"; exit 2; }
: >"$LOG"

status=0
marker="awscli==$AWSCLI_VERSION $(sha1sum <"$HERE/constraints/awscli.txt" | cut -c1-12)"
# The interpreter check catches a venv whose base python was removed.
if [[ -f $VENV/.imc-installed && $(cat "$VENV/.imc-installed") == "$marker" ]] && "$VENV/bin/aws" --version >/dev/null 2>&1; then
  echo "aws-cli: already ($AWSCLI_VERSION, $VENV/bin/aws)"
elif rm -rf "$VENV" && python3 -m venv "$VENV" >>"$LOG" 2>&1 \
  && "$VENV/bin/pip" install --disable-pip-version-check -q "awscli==$AWSCLI_VERSION" -c "$HERE/constraints/awscli.txt" >>"$LOG" 2>&1 \
  && "$VENV/bin/aws" --version >>"$LOG" 2>&1; then
  echo "$marker" >"$VENV/.imc-installed"
  echo "aws-cli: installed ($AWSCLI_VERSION, $VENV/bin/aws)"
else
  echo "aws-cli: failed(pip install awscli==$AWSCLI_VERSION: $(grep -m1 -E '^ERROR' "$LOG" || tail -n1 "$LOG"), see $LOG)"
  status=1
fi

if command -v oathtool >/dev/null; then
  echo "oathtool: already ($(oathtool --version | head -n1))"
elif { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq oathtool; } >>"$LOG" 2>&1; then
  echo "oathtool: installed ($(oathtool --version | head -n1))"
else
  echo "oathtool: failed(apt-get install oathtool, see $LOG)"
  status=1
fi
exit $status
