import { ACTIONS, type ActionName } from './actions.js';
import type { ShapeId } from './shapes.js';
import type { SourceId } from './sources.js';

/**
 * Where two sources of the contract disagree about a constraint (digest §1). Such a point is
 * OPEN (V1O): a value whose validity depends only on these characters may be accepted or
 * refused with ValidationError, and is never a failure either way.
 */
export interface Erratum {
  readonly shape: ShapeId;
  /** Characters one source allows and the other does not. */
  readonly chars: string;
  /** What the model's pattern says of them. */
  readonly model: 'allows' | 'forbids';
  readonly source: SourceId;
  readonly note: string;
  /** Limited to these actions, if the disagreement is one action's page only. */
  readonly actions?: readonly ActionName[];
  /** Recorded AWS behaviour settles it: then it is not applied. */
  readonly settledBy?: string;
}

export const ERRATA: readonly Erratum[] = [
  {
    shape: 'path',
    chars: '\u007f',
    model: 'forbids',
    source: 'apiRef',
    note: "The API reference's text for Path says characters from ! (\\u0021) through DEL (\\u007F); the model's pattern stops at ~ (\\u007E).",
  },
  {
    shape: 'serialNumber',
    chars: '+_',
    model: 'allows',
    source: 'seed',
    note: "The seed page's text for SerialNumber omits + and _, which the model's pattern allows.",
  },
  {
    shape: 'serialNumber',
    chars: '/:',
    model: 'allows',
    source: 'apiRef',
    actions: ['ResyncMFADevice'],
    note: "ResyncMFADevice's text for SerialNumber omits / and :, which every virtual device ARN contains.",
    settledBy: 'AWS was recorded resyncing ARN serials (radkawar/stackd testdata/aws/iam/mfa.json): the model is right',
  },
];

/**
 * Errata in force for a member of an action (those not settled by a recording). The sources
 * that disagree are IAM's pages: an STS member follows its own service model.
 */
export function errataFor(action: ActionName, shape: ShapeId): Erratum[] {
  if (ACTIONS[action].service !== 'iam') return [];
  return ERRATA.filter((e) => e.shape === shape && !e.settledBy && (!e.actions || e.actions.includes(action)));
}
