import { ACTIONS, type ActionName } from './actions.js';
import { SHAPES, describeViolation, violationsOf, type Violation } from './shapes.js';

export type Params = Readonly<Record<string, string | undefined>>;

export interface ParamProblem {
  readonly param: string;
  readonly member: string;
  /** Missing required value (V2) or a value outside its shape (V1). */
  readonly kind: 'missing' | 'invalid';
  readonly violations: readonly Violation[];
}

/** Every problem AWS would report for these parameters, in the action's member order. */
export function validate(action: ActionName, params: Params): ParamProblem[] {
  const out: ParamProblem[] = [];
  for (const spec of ACTIONS[action].params) {
    const value = params[spec.name];
    if (value === undefined) {
      if (spec.required) out.push({ param: spec.name, member: spec.member, kind: 'missing', violations: [] });
      continue;
    }
    const violations = violationsOf(SHAPES[spec.shape], value);
    if (violations.length > 0) out.push({ param: spec.name, member: spec.member, kind: 'invalid', violations });
  }
  return out;
}

/** AWS-style message; the value itself is never echoed (it may be a secret or unprintable). */
export function validationMessage(problems: readonly ParamProblem[]): string {
  const parts = problems.flatMap((p) =>
    p.kind === 'missing'
      ? [`Value null at '${p.member}' failed to satisfy constraint: Member must not be null`]
      : p.violations.map((v) => `Value at '${p.member}' failed to satisfy constraint: ${describeViolation(v)}`),
  );
  return `${parts.length} validation error${parts.length === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
