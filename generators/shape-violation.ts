import fc from 'fast-check';
import { SHAPES, lengthOf, type Shape, type ShapeId, type StringShape } from '../specs/index.js';

/**
 * A text value that breaks `shape`, labelled by the constraint it breaks, derived from the
 * shape itself (specs/shapes.ts) so that no length or pattern is restated here.
 */
export interface ShapeViolation {
  readonly label: string;
  readonly text: string;
}

/** Shapes with generators of their own (names, serials): shapeViolation is for the others. */
export const SHAPES_WITH_OWN_GENERATORS: readonly ShapeId[] = ['existingUserName', 'userName', 'serialNumber'];

/** The labels shapeViolation(id) produces, from the shape: what the catalogue declares and the tests prove. */
export function shapeViolationLabels(id: ShapeId): readonly string[] {
  const shape = SHAPES[id];
  if (shape.kind === 'enum') return ['invalid:enum'];
  if (shape.kind === 'integer') return ['invalid:range', 'invalid:integer'];
  return [
    ...(shape.min > 1 ? ['invalid:too-short'] : []),
    ...(shape.min >= 1 ? ['invalid:empty'] : []),
    ...(shape.max !== undefined ? ['invalid:too-long'] : []),
    ...(shape.pattern ? ['invalid:pattern'] : []),
  ];
}

/** Every count of length an endpoint might use: code points, UTF-16 units, UTF-8 bytes. */
const lengthsOf = (text: string): number[] => [lengthOf(text), text.length, Buffer.byteLength(text, 'utf8')];

/** Characters that some `[\w...]` pattern refuses, of several kinds (ASCII, accented, other digits, control, emoji). */
const BAD = [' ', '#', '!', '*', '\u00e9', '\u0661', '\uff11', '\u0007', '\u{1F600}'];

function stringViolation(shape: StringShape, label: string): fc.Arbitrary<ShapeViolation> {
  const labelled = (text: string): ShapeViolation => ({ label, text });
  switch (label) {
    case 'invalid:too-short':
      return fc.integer({ min: 1, max: shape.min - 1 }).map((n) => labelled('1'.repeat(n)));
    case 'invalid:empty':
      return fc.constant(labelled(''));
    case 'invalid:too-long': {
      const max = shape.max ?? 0;
      return fc.integer({ min: max + 1, max: max + 30 }).map((n) => labelled(shape.name === 'pathType' ? `/${'p'.repeat(n - 2)}/` : '1'.repeat(n)));
    }
    default: {
      // The pattern only: inside the length bounds however the endpoint counts them.
      const candidates = BAD.map((c) => (shape.name === 'pathType' ? `/a${c}b/` : shape.name === 'authenticationCodeType' || shape.name === 'tokenCodeType' ? `12${c}45`.slice(0, 6).padEnd(6, '1') : `a${c}b`.padEnd(shape.min, 'x')))
        .filter((text) => shape.pattern !== undefined && !shape.pattern.test(text))
        .filter((text) => lengthsOf(text).every((n) => n >= shape.min && (shape.max === undefined || n <= shape.max)));
      if (candidates.length === 0) throw new Error(`no pattern violation fits ${shape.name}`);
      return fc.constantFrom(...candidates).map(labelled);
    }
  }
}

export function shapeViolation(id: ShapeId): fc.Arbitrary<ShapeViolation> {
  const shape: Shape = SHAPES[id];
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
      return fc.oneof(...shapeViolationLabels(id).map((label) => stringViolation(shape, label)));
  }
}
