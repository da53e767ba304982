#!/usr/bin/env bash
# The GitHub Action's one step (action.yml): runs the suite with the action's inputs, appends
# the Markdown report to the job summary, and exits with the run's own exit code. It uploads
# nothing: the workflow keeps the report directory as an artifact if it wants it.
#
# Inputs arrive as INPUT_* environment variables (see action.yml); GITHUB_STEP_SUMMARY and
# GITHUB_OUTPUT are the files GitHub provides. Runs in the caller's working directory, so a
# relative report-dir or baseline is the caller's.
set -uo pipefail
tool=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

args=(run --report-dir "${INPUT_REPORT_DIR:-conformance-report}")
[[ -n ${INPUT_ENDPOINT_URL:-} ]] && args+=(--endpoint-url "$INPUT_ENDPOINT_URL")
[[ -n ${INPUT_TARGET:-} ]] && args+=(--target "$INPUT_TARGET")
[[ -n ${INPUT_BASELINE:-} ]] && args+=(--baseline "$INPUT_BASELINE")
[[ ${INPUT_STRICT:-false} == true ]] && args+=(--strict)
[[ -n ${INPUT_NUM_RUNS:-} ]] && args+=(--num-runs "$INPUT_NUM_RUNS")
[[ -n ${INPUT_SEED:-} ]] && args+=(--seed "$INPUT_SEED")
if [[ -n ${INPUT_ARGS:-} ]]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

# The action's own dependencies, once per job (the checkout of the action has none). With the
# development ones: `npm ci` builds dist/ (the `prepare` script needs the TypeScript compiler).
if [[ ! -d $tool/node_modules ]]; then
  (cd "$tool" && npm ci --no-audit --no-fund >/dev/null) || { echo "iam-mfa-conformance: npm ci failed in $tool" >&2; exit 4; }
fi

node "$tool/bin/iam-mfa-conformance.js" "${args[@]}"
rc=$?

report="${INPUT_REPORT_DIR:-conformance-report}/report.md"
if [[ -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  if [[ -f $report ]]; then
    cat "$report" >>"$GITHUB_STEP_SUMMARY"
  else
    # Exit 2 or 3 writes no report: the summary says what happened instead of staying empty.
    printf '### IAM MFA conformance: no report (exit %d)\n\nSee the step log: the run stopped before judging anything.\n' "$rc" >>"$GITHUB_STEP_SUMMARY"
  fi
fi
[[ -n ${GITHUB_OUTPUT:-} ]] && echo "exit-code=$rc" >>"$GITHUB_OUTPUT"
exit "$rc"
