import { chmod, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ACTIONS, SHAPES, STS_RECOGNISED_STEPS, TOTP, isActionName, lengthOf, serviceOf, type Shape } from '../specs/index.js';
import { codeSources, type CodeSource } from '../generators/code-pair.js';
import { tokenSource } from '../generators/token-code.js';
import type { NameSpec } from '../generators/name.js';
import { isLoopback } from '../harness/client/credentials.js';
import type { Step } from '../harness/case/spec.js';
import type { StepRecord } from '../harness/case/record.js';
import { redactDeep } from './redact.js';
import { differenceText, idNumber, launched, outcomeText, sameOutcome, type Report, type ReportDivergence, type ReportTarget, type RunInfo } from './report.js';
import type { Reporter } from './reporter.js';

/** The TOTP step the scripts compute codes on (specs/totp.ts). */
const STEP = TOTP.stepSeconds;
/** Seconds a step must still have left before codes are computed for a request (a script's own margin, not a contract fact). */
const FRESH_MARGIN = 5;
/**
 * Steps either side of now that a "not a code" must stay clear of: a device's frame may sit up
 * to STS_RECOGNISED_STEPS from now and STS recognises codes that far from the frame again,
 * plus a step of clock difference each way.
 */
const NOT_A_CODE_REACH = 2 * STS_RECOGNISED_STEPS + 2;

/** What a script needs to know about where the run went. */
export interface ScriptTarget extends ReportTarget {
  readonly run?: RunInfo;
}

export type ScriptDivergence = Pick<ReportDivergence, 'id' | 'level' | 'clause' | 'operation' | 'counterexample' | 'steps' | 'step' | 'expected' | 'observed' | 'detail' | 'replay'>;

/**
 * A minimal counterexample as a bash script of AWS CLI commands that runs as printed.
 *
 * - Its header says what it needs (the AWS CLI, oathtool for codes, credentials, the
 *   endpoint) and what the AWS CLI cannot express: moto's per-run account header, a request
 *   the CLI refuses to send. `replay` re-runs those exactly.
 * - The endpoint is `$ENDPOINT`, by default the run's. The endpoint of an emulator the tool
 *   launched is gone after the run: for moto the script starts its own, otherwise it says so.
 * - Serials come from the create call's answer (`--query VirtualMFADevice.SerialNumber`),
 *   never from the run's ARNs, whose account may not be the user's.
 * - Codes are never digits: the seed is saved with `--outfile` and each code computed with
 *   oathtool at the step offset the case states, relative to the current TOTP step (TOTP.stepSeconds).
 * - Each request prints one answer line (`3. EnableMFADevice -> OK`, or the error code);
 *   the last line is the answer where the run diverged, next to what the run observed and
 *   what the contract expects. Secrets never reach the output: list answers are queried for
 *   the fields that matter, and the QR code is only tested for the PNG signature.
 * - A sign-in (`aws sts get-session-token`) is signed with the access key the script's
 *   CreateAccessKey step saved (never printed) and sent to `$STS_ENDPOINT` (by default
 *   `$ENDPOINT`); where the run waited for STS to follow IAM (S3), the script waits as long.
 * - What the script created is deleted when it exits, so it can run again.
 */
export function awsCliScript(d: ScriptDivergence, target: ScriptTarget): string[] {
  const spec = d.counterexample.steps;
  const records = d.steps;
  // Records and spec steps correspond one to one for every case the engine reports; anything
  // else (a report edited by hand) still renders, from the records alone, without codes.
  const aligned = spec.length === records.length;
  const own = ownAccount(d, target);
  const needs = { codes: false, other: false, notACode: false, sts: false };
  const body: string[] = [];
  let runToken: string | undefined;

  records.forEach((r, i) => {
    const step = aligned ? spec[i] : undefined;
    const n = i + 1;
    const here = d.step === n;
    const content = here && sameOutcome(d);
    const opts: Array<[string, string | undefined]> = [];
    // One request per step, as the suite sent it: the AWS CLI would otherwise follow every page.
    if (r.action.startsWith('List')) opts.push(['--no-paginate', undefined]);
    for (const [k, v] of Object.entries(r.params)) {
      if (k === 'AuthenticationCode1' || k === 'AuthenticationCode2' || k === 'TokenCode') continue;
      const value = renderValue(k, v, step, i);
      opts.push([`--${kebab(k)}`, value]);
    }
    if (r.action === 'CreateAccessKey') opts.push(['--query', `'AccessKey.[AccessKeyId, SecretAccessKey]'`], ['--output', 'text']);
    // A session's secrets never reach the output: only its expiry is asked for.
    if (r.action === 'GetSessionToken') opts.push(['--query', 'Credentials.Expiration'], ['--output', 'text']);
    const qr = content && d.clause === 'D1Q' && r.action === 'CreateVirtualMFADevice' && !laterCodesFrom(spec, i, aligned);
    if (r.action === 'CreateVirtualMFADevice') {
      if (qr) opts.push(['--outfile', `"$DIR/qr${n}.png"`], ['--bootstrap-method', 'QRCodePNG']);
      else opts.push(['--outfile', seedFile(i)], ['--bootstrap-method', 'Base32StringSeed']);
      opts.push(['--query', 'VirtualMFADevice.SerialNumber'], ['--output', 'text']);
    }
    if (here && r.action === 'ListVirtualMFADevices') {
      // The list answer may carry seeds (the D5S divergence): only serials, users and dates are shown.
      opts.push(['--query', d.clause === 'D5S' ? `'VirtualMFADevices[?Base32StringSeed || QRCodePNG].SerialNumber'` : `'VirtualMFADevices[].[SerialNumber, User.UserName, EnableDate]'`], ['--output', 'text']);
    }
    const notes: string[] = [];
    const pair = step?.codes?.pair;
    const literalCodes = pair && (pair.kind === 'random' || pair.kind === 'malformed') ? { AuthenticationCode1: pair.code1, AuthenticationCode2: pair.code2 } : {};
    const refused = cliRefuses(r.action, { ...r.params, ...literalCodes });
    if (step?.codes) {
      const sources = codeSources(step.codes.pair);
      const devIndex = deviceStep(spec, records, i, step.codes.device);
      if (!refused) {
        needs.codes = true;
        const file = (s: CodeSource) => {
          if (s.kind === 'computed' && s.seed === 'device' && devIndex !== undefined) return seedFile(devIndex);
          needs.other = true;
          return '"$DIR/other.txt"';
        };
        const render = (s: CodeSource) => (s.kind === 'literal' ? shq(s.value) : `"$(code ${file(s)} ${s.offset})"`);
        opts.push(['--authentication-code1', render(sources[0])], ['--authentication-code2', render(sources[1])]);
      }
      notes.push(`codes: ${r.codes ?? step.codes.pair.kind}${devIndex === undefined && sources.some((s) => s.kind === 'computed') ? ' (the device has no seed of ours: codes of another seed)' : ''}`);
    } else if (step?.token) {
      const devIndex = deviceStep(spec, records, i, step.token.device);
      const src = r.tokenOffset !== undefined && (step.token.code.kind === 'fresh' || step.token.code.kind === 'reuse') ? ({ kind: 'computed', seed: 'device', offset: r.tokenOffset } as const) : tokenSource(step.token.code);
      if (!refused) {
        needs.codes = true;
        const file = src.kind === 'computed' && src.seed === 'device' && devIndex !== undefined ? seedFile(devIndex) : ((needs.other = true), '"$DIR/other.txt"');
        const rendered = src.kind === 'literal' ? shq(src.value) : src.kind === 'not-a-code' ? ((needs.notACode = true), `"$(not_a_code ${devIndex !== undefined ? seedFile(devIndex) : '"$DIR/other.txt"'})"`) : `"$(code1 ${file} ${src.offset})"`;
        opts.push(['--token-code', rendered]);
      }
      notes.push(`code: ${r.codes ?? step.token.code.kind}`);
    } else if ('AuthenticationCode1' in r.params || 'AuthenticationCode2' in r.params) {
      opts.push(['--authentication-code1', '"${CODE1:?set CODE1 and CODE2 to two codes of the device}"'], ['--authentication-code2', '"${CODE2:?set CODE1 and CODE2}"']);
      notes.push(`codes: ${r.codes ?? 'unknown'}; set CODE1 and CODE2 to two codes of the device`);
    }
    if (!refused && step && Object.values(step.params).some((p) => 'bytes' in p)) notes.push('this request sent raw bytes the AWS CLI cannot send; shown as decoded text');
    else if (!refused && r.via === 'raw') notes.push('sent wire-exact by the suite; the AWS CLI may encode it differently');
    if (here) notes.push(`diverged here: ${differenceText(d)}`);
    body.push(comment(`${n}. ${r.action}${notes.length ? `; ${notes.join('; ')}` : ''}`));
    if (refused) {
      // botocore checks these before sending: there is no command that would send the request.
      body.push(`echo ${shq(`${n}. ${r.action}: the AWS CLI refuses to send this (${refused}); ${d.replay} sends it`)}`);
      if (here) body.push(`DIVERGED=${shq('not sent: the AWS CLI refuses it')}`);
      return;
    }
    if (r.settled) body.push(`sleep ${Math.ceil(r.settled.seconds)}  # the run waited ${r.settled.seconds} s (${r.settled.attempts} attempts) for STS to follow IAM (S3)`);
    if (step?.codes || step?.token) body.push('fresh_step');
    if (serviceOf(r.action as Parameters<typeof serviceOf>[0]) === 'sts') {
      needs.sts = true;
      const keyIndex = step?.signer ? keyStep(spec, records, i, step.signer) : undefined;
      body.push(...command(`ask_sts ${n} ${r.action} ${keyIndex !== undefined ? keyFile(keyIndex) : '-'} sts ${kebab(r.action)}`, opts));
    } else body.push(...command(`ask ${n} ${r.action} iam ${kebab(r.action)}`, opts));
    if (r.action === 'CreateUser' && r.params['UserName'] !== undefined) body.push(`[ "$ANSWER" = OK ] && USERS+=(${shq(r.params['UserName'])})`);
    if (r.action === 'CreateAccessKey' && r.params['UserName'] !== undefined) {
      body.push(`if [ "$ANSWER" = OK ]; then mv "$DIR/out" ${keyFile(i)}; KEYS+=(${shq(r.params['UserName'])}:"$(cut -f1 ${keyFile(i)})"); fi`);
    }
    if (r.action === 'CreateVirtualMFADevice') body.push(`SERIAL${n}=$(cat "$DIR/out"); [ "$ANSWER" = OK ] && DEVICES+=("$SERIAL${n}")`);
    if (!here) return;
    body.push('DIVERGED=$ANSWER');
    if (!content) {
      runToken = cliAnswer(d.observed);
      return;
    }
    const check = contentCheck(d, r, n, qr);
    runToken = check.token;
    body.push('if [ "$ANSWER" = OK ]; then', ...check.lines.map((l) => `  ${l}`), 'fi');
  });

  const lines: string[] = ['#!/usr/bin/env bash', comment(`Reproduces ${d.id} [${d.level}] ${d.clause} ${d.operation}: ${differenceText(d)}`)];
  lines.push(comment(`Needs: bash, the AWS CLI (v1 or v2)${needs.codes ? ', oathtool (OATH Toolkit)' : ''}, and credentials the endpoint accepts${isLoopback(target.endpoint) ? ' (for this local endpoint any will do: dummy ones are set when none are configured)' : ''}.`));
  lines.push(...endpointNotes(target, d.replay).map(comment));
  lines.push(comment('Each request prints its answer: OK or the error code. Seeds stay in a temporary directory, never printed.'));
  lines.push(comment('What the script creates it deletes when it exits.'));
  lines.push('set -u', 'export AWS_PAGER="" AWS_MAX_ATTEMPTS=1 AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}', 'DIR=$(mktemp -d)');
  lines.push('USERS=(); DEVICES=(); KEYS=()');
  lines.push(
    'cleanup() {',
    '  for u in ${USERS[@]+"${USERS[@]}"}; do',
    '    for s in $(aws iam list-mfa-devices --user-name "$u" --query "MFADevices[].SerialNumber" --output text --endpoint-url "$ENDPOINT" 2>/dev/null); do',
    '      aws iam deactivate-mfa-device --user-name "$u" --serial-number "$s" --endpoint-url "$ENDPOINT" >/dev/null 2>&1',
    '    done',
    '  done',
    '  for s in ${DEVICES[@]+"${DEVICES[@]}"}; do aws iam delete-virtual-mfa-device --serial-number "$s" --endpoint-url "$ENDPOINT" >/dev/null 2>&1; done',
    '  for k in ${KEYS[@]+"${KEYS[@]}"}; do aws iam delete-access-key --user-name "${k%%:*}" --access-key-id "${k#*:}" --endpoint-url "$ENDPOINT" >/dev/null 2>&1; done',
    '  for u in ${USERS[@]+"${USERS[@]}"}; do aws iam delete-user --user-name "$u" --endpoint-url "$ENDPOINT" >/dev/null 2>&1; done',
    '  [ -z "${MOTO_PID:-}" ] || kill "$MOTO_PID" 2>/dev/null',
    '  rm -rf "$DIR"',
    '}',
    'trap cleanup EXIT',
  );
  lines.push(...endpointSetup(target));
  if (isLoopback(target.endpoint)) {
    lines.push(
      'if [ -z "${AWS_ACCESS_KEY_ID:-}${AWS_PROFILE:-}" ] && ! aws configure get aws_access_key_id >/dev/null 2>&1; then',
      '  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test  # a local endpoint takes any credentials',
      'fi',
    );
  }
  lines.push(
    '# ask N ACTION ARGS...: sends one request; prints "N. ACTION -> ANSWER" (OK or the error code); the output is in $DIR/out',
    'ask() {',
    '  local n=$1 action=$2; shift 2',
    '  if aws "$@" --endpoint-url "$ENDPOINT" >"$DIR/out" 2>"$DIR/err"; then ANSWER=OK',
    `  else ANSWER=$(sed -n 's/.*An error occurred (\\([^)]*\\)).*/\\1/p' "$DIR/err" | head -n 1)`,
    '    if grep -q "Unable to parse response" "$DIR/err"; then ANSWER="an answer that is not IAM XML"',
    '    elif [ -z "$ANSWER" ]; then ANSWER="no IAM answer: $(grep -m 1 . "$DIR/err" | cut -c 1-120)"; fi',
    '  fi',
    '  echo "$n. $action -> $ANSWER"',
    '}',
  );
  if (needs.sts) {
    lines.push(
      '# ask_sts N ACTION KEYFILE ARGS...: as ask, signed with the access key saved in KEYFILE (- for your own credentials), sent to $STS_ENDPOINT',
      'STS_ENDPOINT=${STS_ENDPOINT:-$([[ $ENDPOINT == *iam*.amazonaws.com* ]] && echo "https://sts.$AWS_DEFAULT_REGION.amazonaws.com" || echo "$ENDPOINT")}',
      'ask_sts() {',
      '  local n=$1 action=$2 key=$3; shift 3',
      '  if [ "$key" != - ] && [ ! -s "$key" ]; then ANSWER="not sent: no access key"; echo "$n. $action -> $ANSWER"; return; fi',
      '  (',
      '    ENDPOINT=$STS_ENDPOINT',
      '    if [ "$key" != - ]; then unset AWS_PROFILE AWS_SESSION_TOKEN; export AWS_ACCESS_KEY_ID=$(cut -f1 "$key") AWS_SECRET_ACCESS_KEY=$(cut -f2 "$key"); fi',
      '    ask "$n" "$action" "$@"; echo "$ANSWER" >"$DIR/answer"',
      '  )',
      '  ANSWER=$(cat "$DIR/answer")',
      '}',
    );
  }
  if (needs.codes) {
    lines.push(`# code1 FILE K: the TOTP code of the base32 seed in FILE, K steps of ${STEP} s from the current step (one code, for a sign-in)`);
    lines.push(`code1() { oathtool --totp -b -N "@$(( NOW + ${STEP} * $2 ))" "$(cat "$1")"; }`);
    lines.push(`# code FILE K: the TOTP code of the base32 seed in FILE, K steps of ${STEP} s from the current step`);
    lines.push(`code() { oathtool --totp -b -N "@$(( NOW + ${STEP} * $2 ))" "$(cat "$1")"; }`);
    lines.push(`# waits until at least ${FRESH_MARGIN} s remain in the current step, so the codes and the request share it`);
    lines.push(`fresh_step() { while (( $(date +%s) % ${STEP} > ${STEP - FRESH_MARGIN} )); do sleep 1; done; NOW=$(date +%s); }`);
  }
  if (needs.other) lines.push('head -c 20 /dev/urandom | base32 > "$DIR/other.txt"  # a seed of no device of this case');
  if (needs.notACode) {
    lines.push(
      '# not_a_code FILE: six digits that are no code of the seed in FILE near now',
      `not_a_code() { local all; all=$(oathtool --totp -b -N "@$NOW" -w ${NOT_A_CODE_REACH} "$(cat "$1")" 2>/dev/null; oathtool --totp -b -N "@$(( NOW - ${NOT_A_CODE_REACH * STEP} ))" -w ${NOT_A_CODE_REACH} "$(cat "$1")" 2>/dev/null); for c in 135792 246801 975310 864200 123457; do grep -qx "$c" <<<"$all" || { echo "$c"; return; }; done; }`,
    );
  }
  if (needsAccount(body)) {
    lines.push(
      '# the account your credentials act in: ARNs of devices this script does not create name it',
      `ACCOUNT=$(aws sts get-caller-identity --query Account --output text $([[ $ENDPOINT == *amazonaws.com* ]] || echo --endpoint-url "$ENDPOINT"))`,
    );
  }
  lines.push('echo "endpoint: $ENDPOINT"');
  lines.push(...body);
  if (d.step !== undefined && d.step <= records.length) {
    const where = `${d.id} at step ${d.step}, ${records[d.step - 1]?.action ?? d.operation}`;
    const context = `the run observed ${sameOutcome(d) ? differenceText(d) : outcomeText(d.observed)}; the contract expects ${outcomeText(d.expected)}${sameOutcome(d) ? ' with a result as the clause states' : ''}`;
    if (runToken !== undefined) {
      lines.push(`if [ "$DIVERGED" = ${shq(runToken)} ]; then V='still diverges'; else V='answered otherwise than in the run'; fi`);
      lines.push(`printf '%s -> %s: %s (%s)\\n' ${shq(where)} "$DIVERGED" "$V" ${shq(context)}`);
    } else {
      lines.push(`printf '%s -> %s (%s)\\n' ${shq(where)} "$DIVERGED" ${shq(context)}`);
    }
  }
  return lines;

  /** A parameter's shell text; serials of devices the script creates come from their create call. */
  function renderValue(param: string, value: string, step: Step | undefined, index: number): string {
    const symbolic = step?.params[param];
    if (symbolic && 'keyOf' in symbolic) {
      const j = keyStep(spec, records, index, symbolic.keyOf);
      return j !== undefined ? `"$(cut -f1 ${keyFile(j)} 2>/dev/null || echo AKIAIMCNEVERISSUED00)"` : 'AKIAIMCNEVERISSUED00';
    }
    // Access key ids are recorded redacted; a literal one is the case's own text.
    if (symbolic && 'text' in symbolic && param === 'AccessKeyId') return shq(symbolic.text);
    if (symbolic && 'serialOf' in symbolic) {
      const j = createStep(spec, records, index, symbolic.serialOf);
      if (j !== undefined) return `"$SERIAL${j + 1}"`;
    }
    const arn = /^arn:([^:]+):iam::(\d{12}):(.*)$/s.exec(value);
    if (arn && own !== undefined && arn[2] === own) return `"arn:${arn[1]}:iam::$ACCOUNT:"${shq(arn[3] ?? '')}`;
    return shq(value);
  }
}

/** Where the run writes a divergence's script, relative to the report directory: `aws-cli/3.sh` for #3. */
export const scriptFileOf = (id: string): string => `aws-cli/${idNumber(id) ?? id.replace(/[^A-Za-z0-9]/g, '')}.sh`;

/**
 * Writes one executable script per divergence into `aws-cli/` of the report directory
 * (none for a self-check: its endpoint lived in the run's process). Scripts of an earlier run
 * in the same directory are removed first: a stale one would reproduce another run.
 */
export function awsCliReporter(): Reporter {
  return {
    name: 'aws-cli',
    async finish(unredacted: Report, dir: string) {
      const report = redactDeep(unredacted);
      const sub = join(dir, 'aws-cli');
      const old = await readdir(sub).catch(() => [] as string[]);
      for (const f of old) if (/^\d+\.sh$/.test(f)) await rm(join(sub, f), { force: true });
      if (report.target.selfCheck || report.divergences.length === 0) return [];
      await mkdir(sub, { recursive: true });
      const target: ScriptTarget = { ...report.target, ...(report.run ? { run: report.run } : {}) };
      const files: string[] = [];
      for (const d of report.divergences) {
        const file = join(dir, scriptFileOf(d.id));
        await writeFile(file, `${awsCliScript(d, target).join('\n')}\n`);
        await chmod(file, 0o755);
        files.push(file);
      }
      return files;
    },
  };
}

/** The script needs $ACCOUNT when a value names the caller's own account. */
const needsAccount = (body: readonly string[]) => body.some((l) => !l.startsWith('#') && l.includes(':iam::$ACCOUNT:'));

const seedFile = (i: number) => `"$DIR/seed${i + 1}.txt"`;
const keyFile = (i: number) => `"$DIR/key${i + 1}"`;

/** The earlier CreateAccessKey step of `user` that succeeded in the run, if any: its key signs the user's sign-ins. */
function keyStep(spec: readonly Step[], records: readonly StepRecord[], before: number, user: NameSpec): number | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const s = spec[i];
    const p = s?.params['UserName'];
    if (s?.action === 'CreateAccessKey' && p && 'name' in p && sameName(p.name, user) && records[i]?.status === 200 && records[i]?.code === null) return i;
  }
  return undefined;
}

/** What the AWS CLI prints for an outcome: OK for a success, otherwise the error code (none for a bare 5xx). */
function cliAnswer(o: { status: number; code: string | null }): string | undefined {
  if (o.code !== null) return o.code;
  return o.status >= 200 && o.status < 300 ? 'OK' : undefined;
}

/**
 * Shows a content divergence without showing a secret: a yes/no for the PNG signature and for
 * base32 seed text, serials for a list that leaks secrets, the output itself otherwise.
 * `token` is the answer the run saw, when the script can tell it apart.
 */
function contentCheck(d: ScriptDivergence, r: StepRecord, n: number, qr: boolean): { lines: string[]; token?: string } {
  if (qr) {
    return {
      lines: [`if [ "$(od -An -tx1 -N8 "$DIR/qr${n}.png" | tr -d ' \\n')" = 89504e470d0a1a0a ]; then DIVERGED='OK, QRCodePNG is a PNG'; else DIVERGED='OK, QRCodePNG is not a PNG'; fi`],
      token: 'OK, QRCodePNG is not a PNG',
    };
  }
  if (d.clause === 'D5S' && r.action === 'ListVirtualMFADevices') {
    return {
      lines: ['if [ -s "$DIR/out" ]; then DIVERGED="OK, seeds or QR codes listed"; echo "   listed with a seed or QR code: $(tr -s "\\t\\n" "  " < "$DIR/out" | sed "s/ *$//")"; else DIVERGED="OK, no seed or QR code listed"; fi'],
      token: 'OK, seeds or QR codes listed',
    };
  }
  if (d.clause === 'D1' && r.action === 'CreateVirtualMFADevice') {
    const token = /no Base32StringSeed/.test(d.detail) ? 'OK, no Base32StringSeed' : /base32/i.test(d.detail) ? 'OK, Base32StringSeed is not base32' : undefined;
    return {
      lines: [
        `if [ ! -s "$DIR/seed${n}.txt" ]; then DIVERGED='OK, no Base32StringSeed'`,
        `elif grep -Eqx '[A-Z2-7]+=*' "$DIR/seed${n}.txt"; then DIVERGED='OK, Base32StringSeed is base32'`,
        `else DIVERGED='OK, Base32StringSeed is not base32'; fi`,
        `echo "   SerialNumber: $SERIAL${n}"`,
      ],
      ...(token !== undefined ? { token } : {}),
    };
  }
  return { lines: ['sed "s/^/   /" "$DIR/out"'] };
}

/** The account the run's own ARNs carry: recorded in the report, or read from a serial the case resolved against it. */
function ownAccount(d: ScriptDivergence, target: ScriptTarget): string | undefined {
  if (target.run?.account) return target.run.account;
  const spec = d.counterexample.steps;
  for (let i = 0; i < spec.length && spec.length === d.steps.length; i++) {
    for (const [k, v] of Object.entries(spec[i]?.params ?? {})) {
      if ('serialOf' in v || ('serial' in v && v.account === 'own')) {
        const m = /^arn:[^:]+:iam::(\d{12}):/.exec(d.steps[i]?.params[k] ?? '');
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

const isMoto = (t: ScriptTarget) => t.run?.accountFrom === 'x-moto-account-id' || t.kind === 'moto';

/** What the header says about the endpoint, the account and what the AWS CLI cannot do. */
function endpointNotes(t: ScriptTarget, replay: string): string[] {
  const out: string[] = [];
  if (launched(t)) {
    const what = t.name ?? t.kind;
    out.push(`Endpoint: $ENDPOINT. The run's ${what} (${t.endpoint}) was launched by the tool and stopped with the run;`);
    out.push(isMoto(t) ? '  without ENDPOINT this script starts a moto of its own (moto_server on a free loopback port).' : `  set ENDPOINT to the URL of a running ${what}.`);
  } else {
    out.push(`Endpoint: $ENDPOINT, by default the run's: ${t.endpoint}.`);
  }
  if (t.run?.accountFrom === 'x-moto-account-id') {
    out.push(`The run acted in moto account ${t.run.account ?? '(unknown)'} through the x-moto-account-id header, which the AWS CLI cannot send:`);
    out.push("  this script acts in the account its credentials select (moto's default). The replay re-runs the case exactly:");
    out.push(`  ${replay}`);
  } else if (t.run?.accountFrom === 'access-key-id') {
    out.push(`The run acted in account ${t.run.account ?? '(unknown)'}, chosen by its access key id; this script acts in the account its credentials select.`);
  }
  return out;
}

function endpointSetup(t: ScriptTarget): string[] {
  if (!launched(t)) return [`ENDPOINT=\${ENDPOINT:-${shq(t.endpoint)}}`];
  if (!isMoto(t)) {
    const what = t.name ?? t.kind;
    // No quote characters inside ${...:?...}: bash would look for their closing partner.
    return [`: "\${ENDPOINT:?set ENDPOINT to the URL of a running ${what.replace(/["'$`\\{}]/g, '')}, the one the run launched stopped with it}"`];
  }
  return [
    'if [ -z "${ENDPOINT:-}" ]; then',
    `  command -v moto_server >/dev/null || { echo "needs moto_server (pip install 'moto[server]'), or ENDPOINT=URL of a running moto" >&2; exit 2; }`,
    `  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')`,
    '  moto_server -H 127.0.0.1 -p "$PORT" >"$DIR/moto.log" 2>&1 &',
    '  MOTO_PID=$!',
    '  ENDPOINT=http://127.0.0.1:$PORT',
    '  until (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do',
    '    kill -0 "$MOTO_PID" 2>/dev/null || { echo "moto_server did not start: $(tail -n 1 "$DIR/moto.log")" >&2; exit 2; }',
    '    sleep 0.2',
    '  done',
    'fi',
  ];
}

/** Whether a later step computes codes from the device created at `index` (then its seed must be saved). */
function laterCodesFrom(spec: readonly Step[], index: number, aligned: boolean): boolean {
  if (!aligned) return false;
  const p = spec[index]?.params['VirtualMFADeviceName'];
  if (!p || !('name' in p)) return false;
  return spec.slice(index + 1).some((s) => s.codes && sameName(s.codes.device, p.name));
}

/**
 * Notes quote the endpoint's own text (details, messages): a line break in it would end the
 * comment and make the rest a command of the script.
 */
function comment(text: string): string {
  return `# ${text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')}`;
}

/**
 * botocore checks required parameters and minimum lengths and values before sending (not
 * maximums, patterns or enums), and the CLI parses integers itself, so the AWS CLI cannot
 * send some requests the suite sends.
 */
function cliRefuses(action: string, params: Readonly<Record<string, string>>): string | undefined {
  const spec = isActionName(action) ? ACTIONS[action] : undefined;
  if (!spec) return undefined;
  for (const p of spec.params) {
    const v = params[p.name];
    if (v === undefined) {
      if (p.required) return `it requires --${kebab(p.name)}`;
      continue;
    }
    const shape: Shape = SHAPES[p.shape];
    if (shape.kind === 'string' && lengthOf(v) < shape.min && !v.startsWith('<code')) return `--${kebab(p.name)} shorter than ${shape.min} character(s)`;
    if (shape.kind === 'integer' && !/^-?\d+$/.test(v)) return `--${kebab(p.name)} is not a whole number`;
    if (shape.kind === 'integer' && Number(v) < shape.min) return `--${kebab(p.name)} below ${shape.min}`;
  }
  return undefined;
}

/** `head` then one option per line with `\` continuations, as on the AWS CLI reference pages. */
function command(head: string, opts: Array<[string, string | undefined]>): string[] {
  const all = opts.map(([k, v]) => (v === undefined ? k : `${k} ${v}`));
  if (all.length <= 1 && all.every((o) => o.length < 60)) return [[head, ...all].join(' ')];
  return [`${head} \\`, ...all.map((o, i) => `    ${o}${i < all.length - 1 ? ' \\' : ''}`)];
}

const sameName = (a: NameSpec, b: NameSpec) => a.body === b.body && a.prefixed === b.prefixed && a.label === b.label;

/** The earlier step that created `device` and got its seed, if any. */
function deviceStep(spec: readonly Step[], records: readonly StepRecord[], before: number, device: NameSpec): number | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const s = spec[i];
    const p = s?.params['VirtualMFADeviceName'];
    if (s?.action === 'CreateVirtualMFADevice' && p && 'name' in p && sameName(p.name, device) && records[i]?.status === 200 && records[i]?.code === null) return i;
  }
  return undefined;
}

/** The earlier step that created `device`: the one that succeeded in the run, else the last attempt. */
function createStep(spec: readonly Step[], records: readonly StepRecord[], before: number, device: NameSpec): number | undefined {
  const ok = deviceStep(spec, records, before, device);
  if (ok !== undefined) return ok;
  for (let i = before - 1; i >= 0; i--) {
    const p = spec[i]?.params['VirtualMFADeviceName'];
    if (spec[i]?.action === 'CreateVirtualMFADevice' && p && 'name' in p && sameName(p.name, device)) return i;
  }
  return undefined;
}

/** AWS CLI spelling of an API name: EnableMFADevice -> enable-mfa-device, AuthenticationCode1 -> authentication-code1. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** Shell-quotes a value so bash passes it through unchanged, control characters included. */
export function shq(value: string): string {
  if (/^[A-Za-z0-9_+=,.@:/-]+$/.test(value)) return value;
  if (/[\x00-\x1f\x7f]/.test(value)) {
    const body = [...value]
      .map((ch) => {
        const c = ch.codePointAt(0) ?? 0;
        if (ch === "'" || ch === '\\') return `\\${ch}`;
        return c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
      })
      .join('');
    return `$'${body}'`;
  }
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
