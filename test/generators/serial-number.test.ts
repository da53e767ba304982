import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthOf, virtualSerial } from '../../specs/index.js';
import { resolveSerial, serialNumber, serialNumberInvalid, serialNumberOf, SERIAL_LABELS, type SerialSpec } from '../../generators/serial-number.js';
import { userNameValid } from '../../generators/user-name.js';
import { resolveName } from '../../generators/name.js';
import { ACCOUNT, checkCharFault, checkLengthOnly, checkValidity, must, PREFIX, SERIAL } from './support/oracle.js';
import { checkShrinks } from './support/shrink.js';

const N = 10_000;
/** The endpoints a serial is resolved for: the default partition and the two the digest names. */
const ENDPOINTS: Array<{ account: string; partition: string }> = [
  { account: ACCOUNT, partition: 'aws' },
  { account: '000000000000', partition: 'aws-cn' },
  { account: '999999999999', partition: 'aws-us-gov' },
];
const ARN = /^arn:([^:]+):iam::([^:]*):mfa\/(.+)$/;

function checkSerial(spec: SerialSpec): void {
  for (const { account, partition } of ENDPOINTS) {
    const wire = resolveSerial(spec, account, PREFIX, partition);
    must(!/\{(ACCOUNT|PREFIX|PARTITION|OTHER_ACCOUNT:\d|OTHER_PARTITION:\d)\}/.test(wire), `unresolved placeholder in ${wire}`);
    checkValidity(SERIAL, spec.label, wire);
    const arn = ARN.exec(wire);
    const name = arn?.[3]?.split('/').pop() ?? '';
    switch (spec.label) {
      case 'valid:own-unknown':
        // E3's MUST case: the endpoint's own account and partition, a virtual device of ours never created.
        must(spec.contract === 'MUST', 'own-unknown is MUST (E3)');
        must(wire.startsWith(virtualSerial(partition, account, '/', '')), `${wire} is not a virtual ARN of ${partition}/${account}`);
        must(name.startsWith(`${PREFIX}x`), `${name} is not in the case namespace, or could be a created device`);
        break;
      case 'valid:other-account':
        must(spec.contract === 'OPEN' && arn?.[1] === partition && arn[2] !== account && /^\d{12}$/.test(arn[2] ?? ''), `${wire} is not another account's ARN`);
        must(name.startsWith(PREFIX), 'name outside the case namespace');
        break;
      case 'valid:other-partition':
        must(spec.contract === 'OPEN' && arn?.[1] !== partition && arn?.[1]?.startsWith('aws') && arn[2] === account, `${wire} is not another partition's ARN`);
        break;
      case 'valid:hardware':
        must(spec.contract === 'OPEN' && !wire.startsWith('arn:'), `${wire} is not hardware-style`);
        break;
      case `valid:length-${SERIAL.min}`:
      case `valid:length-${SERIAL.max}`:
        must(spec.contract === 'OPEN' && `valid:length-${lengthOf(wire)}` === spec.label, `${spec.label} but ${lengthOf(wire)} characters`);
        // An ARN of the endpoint's own account at an edge would be a MUST case, not an OPEN one.
        must(!(arn?.[1] === partition && arn[2] === account), 'edge serial is an own-account ARN');
        break;
      case 'invalid:empty':
        must(wire === '' && spec.contract === 'MUST', 'empty');
        break;
      case 'invalid:too-short':
        must(spec.contract === 'MUST', 'V1 is MUST');
        checkLengthOnly(SERIAL, wire, 'short');
        break;
      case 'invalid:too-long':
        must(spec.contract === 'MUST', 'V1 is MUST');
        checkLengthOnly(SERIAL, wire, 'long');
        break;
      default: {
        must(spec.contract === 'MUST', 'V1 is MUST');
        const fault = /^invalid:(.+)$/.exec(spec.label)?.[1];
        must(fault, `unknown label ${spec.label}`);
        checkCharFault(SERIAL, fault, wire);
      }
    }
  }
}

describe('serial numbers', () => {
  it(`serialNumber: ${N} values hold their label and contract for three partitions`, () => {
    fc.assert(fc.property(serialNumber, checkSerial), { numRuns: N });
  });

  it('shrunk serials keep their labels', () => {
    expect(checkShrinks(serialNumber, checkSerial, { runs: 80 }).shrunk).toBeGreaterThan(300);
  });

  it('serialNumberOf gives only the labels asked for', () => {
    const only = ['valid:own-unknown', 'invalid:too-long'] as const;
    for (const s of fc.sample(serialNumberOf(only), 500)) expect(only).toContain(s.label);
  });

  it('never names a device a case could create: tags cannot start with the unknown marker', () => {
    const devices = fc.sample(userNameValid('new', 'd'), 2000).map((d) => virtualSerial('aws', ACCOUNT, '/', resolveName(d, PREFIX)));
    const unknown = fc.sample(serialNumberOf(['valid:own-unknown']), 2000).map((s) => resolveSerial(s, ACCOUNT, PREFIX));
    const created = new Set(devices.map((d) => d.split('/').pop()));
    for (const u of unknown) expect(created.has(u.split('/').pop())).toBe(false);
  });

  it('resolveSerial refuses stand-ins of the wrong length, which would break the length edges', () => {
    const s: SerialSpec = { label: 'valid:own-unknown', text: 'arn:aws:iam::{ACCOUNT}:mfa/{PREFIX}x', contract: 'MUST' };
    expect(() => resolveSerial(s, '12345', PREFIX)).toThrow(RangeError);
    expect(() => resolveSerial(s, ACCOUNT, 'short-')).toThrow(RangeError);
    expect(resolveSerial(s, ACCOUNT, PREFIX)).toBe(`arn:aws:iam::${ACCOUNT}:mfa/${PREFIX}x`);
    expect(resolveSerial({ ...s, text: '{OTHER_ACCOUNT:1}' }, '000000000009', PREFIX)).toBe('111111111110');
  });

  it('the deprecated plain-string arbitrary gives invalid serials only', () => {
    for (const s of fc.sample(serialNumberInvalid, 2000)) checkValidity(SERIAL, 'invalid:any', s);
  });

  it('declares every label it makes', () => {
    for (const s of fc.sample(serialNumber, 2000)) expect(SERIAL_LABELS).toContain(s.label);
  });
});
