import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthOf, SHAPES, violationsOf } from '../../specs/index.js';
import { resolveName, type NameSpec } from '../../generators/name.js';
import { validName } from '../../generators/simple-names.js';
import { caseVariant, lengthEdges, userNameCaseVariant, userNameInvalid, userNameValid, type UserNameKind } from '../../generators/user-name.js';
import { ALNUM, checkCharFault, checkLengthOnly, checkValidity, must, PREFIX, punctuationOf } from './support/oracle.js';
import { checkShrinks } from './support/shrink.js';

const shapeOf = (kind: UserNameKind) => (kind === 'existing' ? SHAPES.existingUserName : SHAPES.userName);
const KINDS: UserNameKind[] = ['existing', 'new'];
const N = 10_000;

/** The tag is the body's whole leading run of letters and digits: names with other tags differ even ignoring case. */
function leadingAlnum(body: string): string {
  let i = 0;
  while (i < body.length && ALNUM.test(body[i] ?? '')) i++;
  return body.slice(0, i).toLowerCase();
}

function checkValid(kind: UserNameKind, tag: string, spec: NameSpec): void {
  const shape = shapeOf(kind);
  const wire = resolveName(spec, PREFIX);
  checkValidity(shape, spec.label, wire);
  must(spec.label.startsWith('valid:'), `valid generator gave ${spec.label}`);
  must(spec.prefixed && wire.startsWith(PREFIX), 'a valid name is sent without the case prefix');
  must(leadingAlnum(spec.body) === tag, `body ${spec.body} does not keep tag ${tag} apart`);
  // A valid CreateUser name must also be valid where an existing user is named.
  if (kind === 'new') must(violationsOf(SHAPES.existingUserName, wire).length === 0, 'valid new name is not a valid existing name');
  const m = /^valid:length-(\d+)$/.exec(spec.label);
  if (m) must(lengthOf(wire) === Number(m[1]), `${spec.label} but ${lengthOf(wire)} characters`);
  if (spec.label === 'valid:punctuation') for (const p of punctuationOf(shape)) must(spec.body.includes(p), `valid:punctuation without ${p}`);
  if (spec.label === 'valid:word') must(/^\w+$/.test(spec.body), 'valid:word has punctuation');
}

function checkInvalid(kind: UserNameKind, spec: NameSpec): void {
  const shape = shapeOf(kind);
  const wire = resolveName(spec, PREFIX);
  checkValidity(shape, spec.label, wire);
  if (spec.label === 'invalid:empty') {
    must(wire === '' && !spec.prefixed, 'invalid:empty must send nothing at all');
    must(violationsOf(shape, wire).map((v) => v.kind).join() === 'length', 'empty: length only');
    return;
  }
  must(spec.prefixed && wire.startsWith(PREFIX), 'an invalid name other than empty is sent without the prefix');
  if (spec.label === 'invalid:too-long') return checkLengthOnly(shape, wire, 'long');
  const fault = /^invalid:(.+)$/.exec(spec.label)?.[1] ?? '';
  checkCharFault(shape, fault, wire);
}

describe.each(KINDS)('user names (%s)', (kind) => {
  const max = shapeOf(kind).max ?? 0;

  it(`userNameValid: ${N} values all hold their label, incl. the exact length edges`, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(userNameValid(kind, 'u'), (s) => {
        checkValid(kind, 'u', s);
        seen.add(s.label);
      }),
      { numRuns: N },
    );
    for (const n of lengthEdges(kind)) expect(seen).toContain(`valid:length-${n}`);
    expect(lengthEdges(kind)).toContain(max);
  });

  it(`userNameInvalid: ${N} values break exactly the constraint their label names`, () => {
    fc.assert(fc.property(userNameInvalid(kind), (s) => checkInvalid(kind, s)), { numRuns: N });
  });

  it('the too-long edge is one past the maximum, often', () => {
    const longs = fc.sample(userNameInvalid(kind), N).filter((s) => s.label === 'invalid:too-long');
    const atEdge = longs.filter((s) => lengthOf(resolveName(s, PREFIX)) === max + 1).length;
    expect(atEdge / longs.length).toBeGreaterThan(0.2);
  });

  it('shrunk values keep their labels', () => {
    const a = checkShrinks(userNameValid(kind, 'ab1'), (s) => checkValid(kind, 'ab1', s));
    const b = checkShrinks(userNameInvalid(kind), (s) => checkInvalid(kind, s));
    expect(a.shrunk).toBeGreaterThan(200);
    expect(b.shrunk).toBeGreaterThan(200);
  });

  it(`case variants: ${N} pairs, same name ignoring case, different bytes, both valid`, () => {
    const arb = userNameCaseVariant(kind, 'u');
    const check = ({ original, variant }: { original: NameSpec; variant: NameSpec }) => {
      checkValid(kind, 'u', original);
      const a = resolveName(original, PREFIX);
      const b = resolveName(variant, PREFIX);
      checkValidity(shapeOf(kind), variant.label, b);
      must(variant.label === 'valid:case-variant', 'variant label');
      must(a !== b && a.toLowerCase() === b.toLowerCase(), `${a} / ${b} are not case variants`);
      must(b.startsWith(PREFIX), 'the variant left the case prefix');
    };
    fc.assert(fc.property(arb, check), { numRuns: N });
    expect(checkShrinks(arb, check, { runs: 30 }).shrunk).toBeGreaterThan(100);
  });
});

describe('user name tags and edges', () => {
  it('different tags never give the same name, ignoring case', () => {
    const tags = ['u', 'v', 'u1', 'uu', 'ab1'];
    fc.assert(
      fc.property(fc.tuple(...tags.map((t) => userNameValid('new', t))), (names) => {
        const wires = names.map((n) => resolveName(n, PREFIX).toLowerCase());
        expect(new Set(wires).size).toBe(tags.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses tags that could collide or that are reserved for unknown serials', () => {
    for (const bad of ['', 'U', 'a-b', 'x', 'x1', 'a'.repeat(17)]) expect(() => userNameValid('new', bad)).toThrow(RangeError);
    expect(() => validName('x')).toThrow(RangeError);
  });

  it('caseVariant refuses a body without letters', () => {
    expect(() => caseVariant({ label: 'valid:word', prefixed: true, body: '1_2' })).toThrow(RangeError);
    expect(caseVariant({ label: 'valid:word', prefixed: true, body: 'aB_1' }).body).toBe('Ab_1');
  });

  // Valid names are never sent unprefixed (isolation), so the 1-character edge is checked
  // here, against the shapes, and not by a generator.
  it.each(KINDS)('the 1-character edge holds for %s names by the shapes alone', (kind) => {
    for (const ch of punctuationOf(shapeOf(kind)).concat(['a', 'Z', '0'])) expect(violationsOf(shapeOf(kind), ch)).toEqual([]);
    expect(violationsOf(shapeOf(kind), '').map((v) => v.kind)).toEqual(['length']);
  });
});
