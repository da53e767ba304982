import fc from 'fast-check';
import { SHAPES, lengthOf, type Shape, type ShapeId } from '../specs/index.js';

/**
 * A text value that breaks `shape`, labelled by the constraint it breaks, derived from the
 * shape itself (specs/shapes.ts) so that no length or pattern is restated here.
 */
export interface ShapeViolation {
  readonly label: string;
  readonly text: string;
}

function stringViolations(shape: Extract<Shape, { kind: 'string' }>): fc.Arbitrary<ShapeViolation>[] {
  const out: fc.Arbitrary<ShapeViolation>[] = [];
  if (shape.min > 1) out.push(fc.integer({ min: 1, max: shape.min - 1 }).map((n) => ({ label: `invalid:too-short(${n})`, text: '1'.repeat(n) })));
  if (shape.min >= 1) out.push(fc.constant({ label: 'invalid:empty', text: '' }));
  if (shape.max !== undefined) {
    const max = shape.max;
    out.push(fc.integer({ min: max + 1, max: max + 30 }).map((n) => ({ label: `invalid:too-long(${n})`, text: shape.name === 'pathType' ? `/${'p'.repeat(n - 2)}/` : '1'.repeat(n) })));
  }
  if (shape.pattern) {
    const pattern = shape.pattern;
    const bad = fc.constantFrom(' ', '#', '!', '*', '\u00e9', '\u0661', '\uff11', '\u0007', '\u{1F600}');
    out.push(
      bad
        .map((c) => {
          const base = shape.name === 'pathType' ? `/a${c}b/` : shape.name === 'authenticationCodeType' || shape.name === 'tokenCodeType' ? `12${c}45`.slice(0, 6).padEnd(6, '1') : `a${c}b`.padEnd(shape.min, 'x');
          return { label: 'invalid:pattern', text: base };
        })
        .filter((v) => !pattern.test(v.text) && (shape.max === undefined || lengthOf(v.text) <= shape.max) && lengthOf(v.text) >= shape.min),
    );
  }
  return out;
}

export function shapeViolation(id: ShapeId): fc.Arbitrary<ShapeViolation> {
  const shape = SHAPES[id];
  switch (shape.kind) {
    case 'enum':
      return fc.constantFrom('Bogus', 'assigned', 'ANY', '').map((text) => ({ label: 'invalid:enum', text }));
    case 'integer':
      return fc.oneof(
        fc.constantFrom(String(shape.min - 1), String(shape.max + 1), '-5').map((text) => ({ label: 'invalid:range', text })),
        // Not an int32 at all: AWS was recorded answering MalformedInput for these (V1M).
        fc.constantFrom('abc', '1.5', '', ' 1 ', '1.0', '1e0', '2147483648').map((text) => ({ label: 'invalid:integer', text })),
      );
    case 'string':
      return fc.oneof(...stringViolations(shape));
  }
}
