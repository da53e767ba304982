/**
 * Parameter shapes of the service model. Patterns are anchored here because the model's
 * patterns are whole-value patterns and RegExp.test would otherwise accept any value with a
 * matching substring. `\w` is ASCII-only in JavaScript without the u+v flags, as in the model.
 */
export interface StringShape {
  readonly kind: 'string';
  readonly name: string;
  readonly min: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** The model's pattern as written, for messages and reports. */
  readonly patternText?: string;
}

export interface IntegerShape {
  readonly kind: 'integer';
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

export interface EnumShape {
  readonly kind: 'enum';
  readonly name: string;
  readonly values: readonly string[];
}

export type Shape = StringShape | IntegerShape | EnumShape;

const str = (name: string, min: number, max: number | undefined, patternText?: string): StringShape => ({
  kind: 'string',
  name,
  min,
  ...(max === undefined ? {} : { max }),
  ...(patternText === undefined ? {} : { patternText, pattern: new RegExp(`^(?:${patternText})$`) }),
});

export const SHAPES = {
  existingUserName: str('existingUserNameType', 1, 128, '[\\w+=,.@-]+'),
  userName: str('userNameType', 1, 64, '[\\w+=,.@-]+'),
  serialNumber: str('serialNumberType', 9, 256, '[\\w+=/:,.@-]+'),
  authenticationCode: str('authenticationCodeType', 6, 6, '[\\d]+'),
  // STS (sts 2011-06-15): the sign-in's code, and how long its session lasts for an IAM user.
  tokenCode: str('tokenCodeType', 6, 6, '[\\d]*'),
  durationSeconds: { kind: 'integer', name: 'durationSecondsType', min: 900, max: 129600 } as IntegerShape,
  accessKeyId: str('accessKeyIdType', 16, 128, '[\\w]+'),
  virtualMFADeviceName: str('virtualMFADeviceName', 1, undefined, '[\\w+=,.@-]+'),
  path: str('pathType', 1, 512, '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)'),
  marker: str('markerType', 1, 320, '[\\u0020-\\u00FF]+'),
  maxItems: { kind: 'integer', name: 'maxItemsType', min: 1, max: 1000 } as IntegerShape,
  assignmentStatus: { kind: 'enum', name: 'assignmentStatusType', values: ['Assigned', 'Unassigned', 'Any'] } as EnumShape,
} as const;

export type ShapeId = keyof typeof SHAPES;

/** AWS counts characters (code points), not UTF-16 units: an astral emoji is one character. */
export function lengthOf(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

export type Violation =
  | { readonly kind: 'length'; readonly min: number; readonly max?: number; readonly actual: number }
  | { readonly kind: 'pattern'; readonly pattern: string }
  /** Not an int32 integer at all: AWS answers MalformedInput before validating (digest §7). */
  | { readonly kind: 'integer' }
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] };

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * The value of an integer member as AWS reads it: a sign and ASCII digits, leading zeros
 * allowed, within int32 (digest §7: `+1` and `01` are 1; ` 1 `, `1.0`, `1e0` and 2147483648
 * are not integers). Undefined where it is not one.
 */
export function parseInt32(value: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= INT32.min && n <= INT32.max ? n : undefined;
}

/** Every constraint of the shape that the value breaks (AWS reports all of them). */
export function violationsOf(shape: Shape, value: string): Violation[] {
  if (shape.kind === 'enum') {
    return shape.values.includes(value) ? [] : [{ kind: 'enum', values: shape.values }];
  }
  if (shape.kind === 'integer') {
    const n = parseInt32(value);
    if (n === undefined) return [{ kind: 'integer' }];
    return n < shape.min || n > shape.max ? [{ kind: 'range', min: shape.min, max: shape.max }] : [];
  }
  const out: Violation[] = [];
  const len = lengthOf(value);
  if (len < shape.min || (shape.max !== undefined && len > shape.max)) {
    out.push({ kind: 'length', min: shape.min, ...(shape.max === undefined ? {} : { max: shape.max }), actual: len });
  }
  // An empty value breaks the length only: the pattern `X+` needs one character, and AWS
  // reports the length constraint alone for it.
  if (len > 0 && shape.pattern && !shape.pattern.test(value)) {
    out.push({ kind: 'pattern', pattern: shape.patternText ?? '' });
  }
  return out;
}

export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'length':
      return v.max === undefined
        ? `Member must have length greater than or equal to ${v.min}`
        : v.actual < v.min
          ? `Member must have length greater than or equal to ${v.min}`
          : `Member must have length less than or equal to ${v.max}`;
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${v.pattern}`;
    case 'integer':
      return 'Member must be an integer';
    case 'range':
      return `Member must have value between ${v.min} and ${v.max}`;
    case 'enum':
      return `Member must satisfy enum value set: [${v.values.join(', ')}]`;
  }
}
