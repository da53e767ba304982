import fc from 'fast-check';
import { SHAPES, lengthOf, violationsOf, type Shape, type ShapeId, type StringShape } from '../specs/index.js';
import { EXAMPLE_ACCOUNT, EXAMPLE_PREFIX } from './internal/examples.js';
import { RESERVED_TAG_START } from './internal/names.js';
import { bodyLengthFor, resolveName, type NameSpec } from './name.js';
import { CASE_PREFIX_LENGTH } from './prefix.js';
import { resolveSerial, type SerialSpec } from './serial-number.js';

/**
 * A value on one side of one constraint of a shape (min-1, min, max, max+1 of a length; the
 * first and last character of each range a pattern allows, and their outside neighbours; the
 * ends of an integer's range; each enum value). Symbolic like every generated value: names
 * and serials get the case prefix and the endpoint's account when the request is built.
 */
export type BoundaryValue =
  | { readonly kind: 'name'; readonly label: string; readonly name: NameSpec }
  | { readonly kind: 'serial'; readonly label: string; readonly serial: SerialSpec }
  | { readonly kind: 'text'; readonly label: string; readonly text: string };

/** Names and serials are resolved for a label check with stand-ins of the real lengths. */
export function boundaryText(v: BoundaryValue): string {
  if (v.kind === 'name') return resolveName(v.name, EXAMPLE_PREFIX);
  if (v.kind === 'serial') return resolveSerial(v.serial, EXAMPLE_ACCOUNT, EXAMPLE_PREFIX);
  return v.text;
}

/** How a shape's values are built around one varying part, so every edge is otherwise valid. */
interface Builder {
  /** A value of exactly `length` characters, or undefined where none can be isolated. */
  length(length: number): ((label: string) => BoundaryValue) | undefined;
  /** An otherwise valid value with `c` in it. */
  char(c: string): (label: string) => BoundaryValue;
}

const NAME_SHAPES: readonly ShapeId[] = ['userName', 'existingUserName', 'virtualMFADeviceName'];

/** Serials are own-account ARNs of devices no case creates (`{PREFIX}x...`): existence is the only question. */
const SERIAL_HEAD = `arn:{PARTITION}:iam::{ACCOUNT}:mfa/{PREFIX}${RESERVED_TAG_START}`;
const serialHeadLength = resolveSerial({ label: '', text: SERIAL_HEAD, contract: 'MUST' }, EXAMPLE_ACCOUNT, EXAMPLE_PREFIX).length;

function builder(id: ShapeId): Builder {
  if (NAME_SHAPES.includes(id)) {
    return {
      // A valid name shorter than the prefix could be another tenant's: only the empty one is sent.
      length: (n) =>
        n === 0
          ? (label) => ({ kind: 'name', label, name: { label, prefixed: false, body: '' } })
          : n > CASE_PREFIX_LENGTH
            ? (label) => ({ kind: 'name', label, name: { label, prefixed: true, body: RESERVED_TAG_START.padEnd(bodyLengthFor(n), 'x') } })
            : undefined,
      char: (c) => (label) => ({ kind: 'name', label, name: { label, prefixed: true, body: `${RESERVED_TAG_START}${c}` } }),
    };
  }
  switch (id) {
    case 'serialNumber':
      return {
        length: (n) =>
          n <= serialHeadLength
            ? (label) => ({ kind: 'serial', label, serial: { label, text: 'GAHT'.concat('1'.repeat(Math.max(0, n - 4))).slice(0, n), contract: n >= SHAPES.serialNumber.min ? 'OPEN' : 'MUST' } })
            : (label) => ({ kind: 'serial', label, serial: { label, text: SERIAL_HEAD + 'a'.repeat(n - serialHeadLength), contract: 'MUST' } }),
        char: (c) => (label) => ({ kind: 'serial', label, serial: { label, text: `${SERIAL_HEAD}${c}`, contract: 'MUST' } }),
      };
    case 'authenticationCode':
    case 'tokenCode':
      return { length: (n) => (label) => ({ kind: 'text', label, text: '1'.repeat(n) }), char: (c) => (label) => ({ kind: 'text', label, text: `12345${c}` }) };
    case 'accessKeyId':
      // Ids no endpoint issues (AKIAIMC...): only the shape can decide the answer.
      return {
        length: (n) => (label) => ({ kind: 'text', label, text: 'AKIAIMC'.concat('X'.repeat(Math.max(0, n - 7))).slice(0, n) }),
        char: (c) => (label) => ({ kind: 'text', label, text: `AKIAIMC${c}`.padEnd(SHAPES.accessKeyId.min, 'X') }),
      };
    case 'path':
      return {
        length: (n) => (label) => ({ kind: 'text', label, text: n === 0 ? '' : n === 1 ? '/' : `/${'p'.repeat(n - 2)}/` }),
        char: (c) => (label) => ({ kind: 'text', label, text: `/a${c}/` }),
      };
    default:
      return { length: (n) => (label) => ({ kind: 'text', label, text: 'm'.repeat(n) }), char: (c) => (label) => ({ kind: 'text', label, text: `m${c}` }) };
  }
}

const valid = (shape: Shape, v: BoundaryValue) => violationsOf(shape, boundaryText(v)).length === 0;

/** Code points scanned for pattern ranges: ASCII and Latin-1 hold every range of these shapes. */
const SCANNED = 0x2ff;

/** The first and last character of each run the pattern allows, and the refused ones just outside. */
function charEdges(shape: StringShape, make: Builder['char']): BoundaryValue[] {
  const ok = (cp: number) => valid(shape, make(String.fromCodePoint(cp))('probe'));
  const allowed = Array.from({ length: SCANNED + 1 }, (_, cp) => ok(cp));
  const out: BoundaryValue[] = [];
  const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  const seen = new Set<number>();
  const add = (cp: number) => {
    if (cp < 0 || cp > SCANNED || seen.has(cp)) return;
    seen.add(cp);
    out.push(make(String.fromCodePoint(cp))(`${allowed[cp] ? 'valid' : 'invalid'}:char-edge(${hex(cp)})`));
  };
  for (let cp = 0; cp <= SCANNED; cp++) {
    if (!allowed[cp]) continue;
    const start = cp;
    while (cp + 1 <= SCANNED && allowed[cp + 1]) cp++;
    [start - 1, start, cp, cp + 1].forEach(add);
  }
  return out;
}

/** Every boundary value of a shape, derived from specs/shapes.ts (nothing restated). */
export function boundaryValues(id: ShapeId): BoundaryValue[] {
  const shape = SHAPES[id];
  const text = (label: string, t: string): BoundaryValue => ({ kind: 'text', label, text: t });
  if (shape.kind === 'enum') {
    return [...shape.values.map((v) => text(`valid:enum(${v})`, v)), ...shape.values.map((v) => text(`invalid:enum-case(${v.toLowerCase()})`, v.toLowerCase()))];
  }
  if (shape.kind === 'integer') {
    const ends = [shape.min - 1, shape.min, shape.max, shape.max + 1].map((n) => text(`${n >= shape.min && n <= shape.max ? 'valid' : 'invalid'}:range-edge(${n})`, String(n)));
    // An integer as AWS reads it (digest §7): signed and zero-padded are integers; these are not.
    const forms = [`+${shape.min}`, `0${shape.min}`].map((t) => text(`valid:integer-form(${t})`, t));
    const notInt = [` ${shape.min} `, `${shape.min}.0`, String(2 ** 31)].map((t) => text(`invalid:not-int32(${t.trim()})`, t));
    return [...ends, ...forms, ...notInt];
  }
  const make = builder(id);
  const lengths = [shape.min - 1, shape.min, ...(shape.max === undefined ? [] : [shape.max, shape.max + 1])].filter((n) => n >= 0);
  const byLength = [...new Set(lengths)].flatMap((n) => {
    const v = make.length(n);
    if (!v) return [];
    const probe = v('probe');
    return [v(`${valid(shape, probe) ? 'valid' : 'invalid'}:length-edge(${lengthOf(boundaryText(probe))})`)];
  });
  return shape.pattern ? [...byLength, ...charEdges(shape, make.char)] : byLength;
}

/** One boundary value of a shape, each as likely as another. */
export function boundaryValue(id: ShapeId): fc.Arbitrary<BoundaryValue> {
  return fc.constantFrom(...boundaryValues(id));
}
