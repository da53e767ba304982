import { ACTIONS, SHAPES, isActionName, lengthOf, type Shape } from '../specs/index.js';
import { codeSources, type CodeSource } from '../generators/code-pair.js';
import type { NameSpec } from '../generators/name.js';
import type { Step } from '../harness/case/spec.js';
import type { StepRecord } from '../harness/case/record.js';
import { outcomeText, sameOutcome, type ReportDivergence } from './report.js';

/**
 * A minimal counterexample as AWS CLI commands in the syntax of the `enable-mfa-device` page
 * (one option per line, `\` continuations, `--endpoint-url`), so a maintainer can paste it.
 *
 * Codes are never rendered as digits: they mean nothing without the seed and the clock. Where
 * a case sends codes, the commands become a short bash script that saves the seed with
 * `--outfile ... --bootstrap-method Base32StringSeed` and computes each code with oathtool at
 * the step offset the case states, relative to the current 30-second step.
 */
export function awsCliScript(d: Pick<ReportDivergence, 'counterexample' | 'steps' | 'step' | 'expected' | 'observed' | 'detail'>, endpoint: string): string[] {
  const spec = d.counterexample.steps;
  const records = d.steps;
  // Records and spec steps correspond one to one for every case the engine reports; anything
  // else (a report edited by hand) still renders, from the records alone, without codes.
  const aligned = spec.length === records.length;
  const hasCodes = aligned && spec.some((s) => s.codes !== undefined);
  const createsDevice = records.some((r) => r.action === 'CreateVirtualMFADevice');
  const lines: string[] = [];
  const seedFile = (i: number) => `"$DIR/seed${i + 1}.txt"`;
  const usesOther = hasCodes && spec.some((s, i) => s.codes && codeSources(s.codes.pair).some((c) => c.kind === 'computed' && (c.seed === 'other' || deviceStep(spec, records, i, s.codes!.device) === undefined)));

  if (hasCodes) {
    lines.push('#!/usr/bin/env bash', '# Needs the AWS CLI and oathtool. Seeds are saved under $DIR and never printed.');
    lines.push('set -u', 'export AWS_PAGER=""  # AWS CLI v2 would otherwise stop at a pager');
  }
  if (createsDevice) lines.push('DIR=$(mktemp -d)');
  if (hasCodes) {
    lines.push('# code FILE K: the TOTP code of the base32 seed in FILE, K steps of 30 s from the current step');
    lines.push('code() { oathtool --totp -b -N "@$(( NOW + 30 * $2 ))" "$(cat "$1")"; }');
    lines.push('# waits until at least 5 s remain in the current step, so the codes and the request share it');
    lines.push('fresh_step() { while (( $(date +%s) % 30 > 25 )); do sleep 1; done; NOW=$(date +%s); }');
    if (usesOther) lines.push('head -c 20 /dev/urandom | base32 > "$DIR/other.txt"  # a seed of no device of this case');
  }

  records.forEach((r, i) => {
    const step = aligned ? spec[i] : undefined;
    const opts: Array<[string, string | undefined]> = [];
    for (const [k, v] of Object.entries(r.params)) {
      if (k === 'AuthenticationCode1' || k === 'AuthenticationCode2') continue;
      if (k === 'Marker') opts.push(['--starting-token', shq(v)]);
      else if (k === 'MaxItems') opts.push(['--page-size', shq(v)]);
      else opts.push([`--${kebab(k)}`, shq(v)]);
    }
    if (r.action === 'CreateVirtualMFADevice') opts.push(['--outfile', seedFile(i)], ['--bootstrap-method', 'Base32StringSeed']);
    const notes: string[] = [];
    if (step?.codes) {
      const sources = codeSources(step.codes.pair);
      const devIndex = deviceStep(spec, records, i, step.codes.device);
      const file = (s: CodeSource) => (s.kind === 'computed' && s.seed === 'device' && devIndex !== undefined ? seedFile(devIndex) : '"$DIR/other.txt"');
      const render = (s: CodeSource) => (s.kind === 'literal' ? shq(s.value) : `"$(code ${file(s)} ${s.offset})"`);
      opts.push(['--authentication-code1', render(sources[0])], ['--authentication-code2', render(sources[1])]);
      notes.push(`codes: ${r.codes ?? step.codes.pair.kind}${devIndex === undefined && sources.some((s) => s.kind === 'computed') ? ' (the device has no seed of ours: codes of another seed)' : ''}`);
    } else if ('AuthenticationCode1' in r.params || 'AuthenticationCode2' in r.params) {
      opts.push(['--authentication-code1', '"$CODE1"'], ['--authentication-code2', '"$CODE2"']);
      notes.push(`codes: ${r.codes ?? 'unknown'}; set CODE1 and CODE2 to two codes of the device`);
    }
    const pair = step?.codes?.pair;
    const literalCodes = pair && (pair.kind === 'random' || pair.kind === 'malformed') ? { AuthenticationCode1: pair.code1, AuthenticationCode2: pair.code2 } : {};
    const refused = cliRefuses(r.action, { ...r.params, ...literalCodes });
    if (refused) notes.push(`the AWS CLI refuses to send this (${refused}); use the replay command`);
    else if (step && Object.values(step.params).some((p) => 'bytes' in p)) notes.push('this request sent raw bytes the AWS CLI cannot send; shown as decoded text');
    else if (r.via === 'raw') notes.push('sent wire-exact by the suite; the AWS CLI may encode it differently');
    if (d.step === i + 1) notes.push(sameOutcome(d) ? `diverged here: ${outcomeText(d.observed)} but ${d.detail}` : `diverged here: expected ${outcomeText(d.expected)}, observed ${outcomeText(d.observed)}`);
    lines.push(comment(`${i + 1}. ${r.action}${notes.length ? `; ${notes.join('; ')}` : ''}`));
    if (step?.codes) lines.push('fresh_step');
    lines.push(...command(r.action, opts, endpoint));
  });
  return lines;
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
 * maximums, patterns or enums), so the AWS CLI cannot send some requests the suite sends.
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
    if (shape.kind === 'integer' && /^-?\d+$/.test(v) && Number(v) < shape.min) return `--${kebab(p.name)} below ${shape.min}`;
  }
  return undefined;
}

function command(action: string, opts: Array<[string, string | undefined]>, endpoint: string): string[] {
  const all = [...opts, ['--endpoint-url', shq(endpoint)] as [string, string]];
  const head = `aws iam ${kebab(action)}`;
  if (all.length <= 2 && all.every(([, v]) => (v ?? '').length < 40)) return [[head, ...all.map(([k, v]) => (v === undefined ? k : `${k} ${v}`))].join(' ')];
  return [`${head} \\`, ...all.map(([k, v], i) => `    ${v === undefined ? k : `${k} ${v}`}${i < all.length - 1 ? ' \\' : ''}`)];
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
