import fc from 'fast-check';
import { SHAPES, virtualSerial } from '../specs/index.js';
import { allowedChars, ASCII_DIGITS, ASCII_LETTERS, maxOf } from './internal/alphabet.js';
import { CHAR_FAULTS, faultUnit, insertAt } from './internal/faults.js';
import { RESERVED_TAG_START, stringOf } from './internal/names.js';
import { CASE_PREFIX_LENGTH, casePrefix } from './prefix.js';

/**
 * A serial number as a case means it. `text` is resolved by `resolveSerial` when the request
 * is built, because the ARNs that matter depend on what is learnt at run time. Placeholders:
 *
 * - `{ACCOUNT}`: the endpoint's own 12-digit account;
 * - `{PREFIX}`: the case prefix (every name a case could create starts with it);
 * - `{PARTITION}`: the endpoint's partition (`aws` unless told otherwise);
 * - `{OTHER_ACCOUNT:n}` (n 1-9): an account that differs from the endpoint's in every digit;
 * - `{OTHER_PARTITION:n}`: the n-th known partition that is not the endpoint's.
 *
 * The `OTHER_` forms exist because a literal account or partition could turn out to be the
 * endpoint's own (emulators default to 123456789012 or 000000000000), which would make an
 * "other account" label false.
 *
 * `contract` is what the digest makes of an ENABLE with that serial and otherwise valid
 * parameters: `MUST` for an own-account virtual ARN never created (E3: 404 NoSuchEntity) and
 * for every invalid serial (V1: 400 ValidationError), `OPEN` for the rest (E3: foreign,
 * other-partition and hardware serials may get 404, 403 or something else).
 */
export interface SerialSpec {
  readonly label: string;
  readonly text: string;
  readonly contract: 'MUST' | 'OPEN';
}

export const ACCOUNT_LENGTH = 12;

/** Partitions `{OTHER_PARTITION:n}` picks from (those the digest names, and the default). */
export const KNOWN_PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov'];

const PLACEHOLDER = /\{(ACCOUNT|PREFIX|PARTITION|OTHER_ACCOUNT:([1-9])|OTHER_PARTITION:(\d))\}/g;

/** The wire value of `spec` for an endpoint with this account and partition, in a case with this prefix. */
export function resolveSerial(spec: SerialSpec, account: string, prefix: string, partition = 'aws'): string {
  if (!new RegExp(`^\\d{${ACCOUNT_LENGTH}}$`).test(account)) throw new RangeError(`account must be ${ACCOUNT_LENGTH} digits, got ${JSON.stringify(account)}`);
  if (prefix.length !== CASE_PREFIX_LENGTH || !/^[a-z0-9-]+$/.test(prefix)) throw new RangeError(`prefix must be ${CASE_PREFIX_LENGTH} characters [a-z0-9-], got ${JSON.stringify(prefix)}`);
  if (!/^aws[a-z0-9-]*$/.test(partition)) throw new RangeError(`not a partition: ${JSON.stringify(partition)}`);
  const others = KNOWN_PARTITIONS.filter((p) => p !== partition);
  return spec.text.replace(PLACEHOLDER, (_, name: string, shift?: string, index?: string) => {
    if (name === 'ACCOUNT') return account;
    if (name === 'PREFIX') return prefix;
    if (name === 'PARTITION') return partition;
    if (shift !== undefined) return Array.from(account, (d) => String((Number(d) + Number(shift)) % 10)).join('');
    return others[Number(index) % others.length] ?? 'aws-cn';
  });
}

// Lengths are measured by resolving with stand-ins of the real lengths: the shortest
// partition, since every partition name starts with `aws` and a longer one only lengthens
// a serial (so only serials whose exact length matters avoid `{PARTITION}`).
const PROBE_ACCOUNT = '0'.repeat(ACCOUNT_LENGTH);
const PROBE_PREFIX = casePrefix('00000', 0);
const resolvedLength = (text: string): number => resolveSerial({ label: '', text, contract: 'OPEN' }, PROBE_ACCOUNT, PROBE_PREFIX).length;

const SERIAL = SHAPES.serialNumber;
const MIN = SERIAL.min;
const MAX = maxOf(SERIAL);
const serialChars = allowedChars(SERIAL);
// A device name is a path's last segment: it has no `/`, and its characters must also be
// allowed in a device name (CreateVirtualMFADevice) for the ARN to be one a device could have.
const nameChars = allowedChars(SHAPES.virtualMFADeviceName).filter((c) => serialChars.includes(c) && c !== '/');
const pathSegmentChars = serialChars.filter((c) => c !== '/' && SHAPES.path.pattern?.test(`/${c}/`) === true);

export const SERIAL_VALID_LABELS = ['valid:own-unknown', 'valid:other-account', 'valid:other-partition', 'valid:hardware', `valid:length-${MIN}`, `valid:length-${MAX}`] as const;
export const SERIAL_INVALID_LABELS = ['invalid:empty', 'invalid:too-short', 'invalid:too-long', ...CHAR_FAULTS.map((f) => `invalid:${f}`)] as const;
export type SerialLabel = (typeof SERIAL_VALID_LABELS)[number] | (typeof SERIAL_INVALID_LABELS)[number];
export const SERIAL_LABELS: readonly SerialLabel[] = [...SERIAL_VALID_LABELS, ...SERIAL_INVALID_LABELS];

const path = fc.oneof(fc.constant('/'), fc.array(stringOf(pathSegmentChars, 1, 10), { minLength: 1, maxLength: 3 }).map((segs) => `/${segs.join('/')}/`));
/** A device name in the case's namespace that no case creates (tags never start with `x`). */
const unknownName = stringOf(nameChars, 0, 20).map((tail) => `{PREFIX}${RESERVED_TAG_START}${tail}`);
const hardware = fc
  .tuple(fc.oneof(fc.constant('GAHT'), stringOf(ASCII_LETTERS.filter((c) => /[A-Z]/.test(c)), 4, 4)), stringOf(ASCII_DIGITS, 8, 8))
  .map(([vendor, digits]) => vendor + digits);
const otherAccount = fc.integer({ min: 1, max: 9 }).map((n) => `{OTHER_ACCOUNT:${n}}`);
const otherPartition = fc.integer({ min: 0, max: KNOWN_PARTITIONS.length - 2 }).map((n) => `{OTHER_PARTITION:${n}}`);

/**
 * An ARN of `{PREFIX}x` plus padding, between `minTotal` and `maxTotal` resolved characters.
 * `account` placeholders all resolve to the same length, so one probe measures the head.
 */
const arnPadded = (partition: string, account: fc.Arbitrary<string>, minTotal: number, maxTotal: number) => {
  const headOf = (a: string) => virtualSerial(partition, a, '/', `{PREFIX}${RESERVED_TAG_START}`);
  const headLength = resolvedLength(headOf('{OTHER_ACCOUNT:1}'));
  return fc.tuple(account, stringOf(nameChars, minTotal - headLength, maxTotal - headLength)).map(([a, pad]) => headOf(a) + pad);
};

function byLabel(label: SerialLabel): fc.Arbitrary<SerialSpec> {
  const spec = (contract: 'MUST' | 'OPEN') => (text: string): SerialSpec => ({ label, text, contract });
  switch (label) {
    case 'valid:own-unknown':
      return fc.tuple(path, unknownName).map(([p, n]) => spec('MUST')(virtualSerial('{PARTITION}', '{ACCOUNT}', p, n)));
    case 'valid:other-account':
      return fc.tuple(otherAccount, path, unknownName).map(([a, p, n]) => spec('OPEN')(virtualSerial('{PARTITION}', a, p, n)));
    case 'valid:other-partition':
      return fc.tuple(otherPartition, path, unknownName).map(([q, p, n]) => spec('OPEN')(virtualSerial(q, '{ACCOUNT}', p, n)));
    case 'valid:hardware':
      return hardware.map(spec('OPEN'));
    case `valid:length-${MIN}`:
      return stringOf(serialChars, MIN, MIN).map(spec('OPEN'));
    case `valid:length-${MAX}`:
      // A literal `aws` keeps the length exact; with another account it is foreign anyway.
      return fc.oneof(stringOf(serialChars, MAX, MAX), arnPadded('aws', otherAccount, MAX, MAX)).map(spec('OPEN'));
    case 'invalid:empty':
      return fc.constant('').map(spec('MUST'));
    case 'invalid:too-short':
      return fc.oneof(stringOf(serialChars, MIN - 1, MIN - 1), stringOf(serialChars, 1, MIN - 1)).map(spec('MUST'));
    case 'invalid:too-long':
      // `{PARTITION}` is fine here: a longer partition only makes the serial longer.
      return fc
        .oneof(
          stringOf(serialChars, MAX + 1, MAX + 1),
          stringOf(serialChars, MAX + 1, 2 * MAX),
          arnPadded('{PARTITION}', fc.constant('{ACCOUNT}'), MAX + 1, MAX + 64),
        )
        .map(spec('MUST'));
    default: {
      const fault = CHAR_FAULTS.find((f) => label === `invalid:${f}`);
      if (!fault) throw new Error(`no generator for serial label ${label}`);
      // The fault goes after `{PREFIX}x`, never inside a placeholder; a stray `{` or `}` from
      // the forbidden ASCII cannot complete one, since the other characters have no braces.
      const inArn = fc
        .tuple(path, stringOf(nameChars, 0, 20), faultUnit(fault, SERIAL), fc.nat(20))
        .map(([p, tail, unit, at]) => virtualSerial('{PARTITION}', '{ACCOUNT}', p, `{PREFIX}${RESERVED_TAG_START}${insertAt(tail, unit, at)}`));
      // Never first: a U+FEFF opening a value is a byte order mark to WHATWG decoders (the
      // harness's own form decoder among them), which drop it and see a valid serial.
      const inHardware = fc.tuple(hardware, faultUnit(fault, SERIAL), fc.integer({ min: 1, max: 12 })).map(([h, unit, at]) => insertAt(h, unit, at));
      return fc.oneof(inArn, inHardware).map(spec('MUST'));
    }
  }
}

/** Serial numbers with the given labels, equally often (the own-unknown MUST case twice as often). */
export function serialNumberOf(labels: readonly SerialLabel[]): fc.Arbitrary<SerialSpec> {
  return fc.oneof(...labels.map((l) => ({ weight: l === 'valid:own-unknown' ? 2 : 1, arbitrary: byLabel(l) })));
}

/** Every kind of serial number: `valid:*` (own-unknown is MUST, the rest OPEN) and `invalid:*` (MUST). */
export const serialNumber: fc.Arbitrary<SerialSpec> = serialNumberOf(SERIAL_LABELS);

/**
 * @deprecated First-cut interface kept while harness/properties/enable.ts still sends plain
 * strings: the invalid serials, resolved against a stand-in account and prefix (their point is
 * their shape, and no endpoint creates anything for them). Use `serialNumberOf` + `resolveSerial`.
 */
export const serialNumberInvalid: fc.Arbitrary<string> = serialNumberOf(SERIAL_INVALID_LABELS).map((s) => resolveSerial(s, PROBE_ACCOUNT, PROBE_PREFIX));
