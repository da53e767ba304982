import { randomBytes } from 'node:crypto';
import { TOTP, type Allowed, type ClauseId, type ErrorCode, type Request } from '../specs/index.js';
import { defaultPolicy, recordedMessage, symmetricWindow, type Policy, type PolicyOptions } from '../harness/reference/policy.js';
import { newSeed } from '../harness/reference/seed.js';
import type { ReferenceHooks, ReferenceOptions } from '../harness/reference/server.js';

/**
 * A conformant variant: the reference endpoint answering differently only where the contract
 * is OPEN. The suite must never fail one (a false alarm), whatever it measures about it.
 */
export interface Variant {
  readonly id: string;
  readonly title: string;
  /** Which point it moves, and why that stays within the contract. */
  readonly description: string;
  /**
   * The SHOULD clauses it moves, which a --strict run must report (and nothing else); empty
   * for a variant that moves only OPEN points, which must raise nothing at all.
   */
  readonly raises: readonly ClauseId[];
  /** Fresh options per run: some policies keep counters. */
  options(): ReferenceOptions;
}

const policyVariant = (id: string, title: string, description: string, raises: readonly ClauseId[], overrides: () => PolicyOptions, extra: Omit<ReferenceOptions, 'policy'> = {}): Variant => ({
  id,
  title,
  description,
  raises,
  options: () => {
    const policy: Policy = { ...defaultPolicy(overrides()), name: id };
    return { ...extra, policy: extra.pageSize !== undefined ? honouringMarkers(policy) : policy };
  },
});

/**
 * The model cannot tell a Marker the endpoint issued from a forged one, so its prediction for
 * any Marker prefers the recorded 400 (D5S) and the default policy answers it, refusing the
 * endpoint's own markers. With the default page size no listing ever spans two pages; a paging
 * variant must let success through and leave forged markers to the listing code, which refuses
 * them itself.
 */
function honouringMarkers(policy: Policy): Policy {
  return {
    ...policy,
    choose(prediction) {
      const success = prediction.must.allowed.find((a) => a.status === 200 && a.code === null);
      return prediction.preferred.clause === 'D5S' && success ? success : policy.choose(prediction);
    },
  };
}

/** Messages are free text (digest: only Code and Message's presence are MUST; the recorded texts are M1, SHOULD). */
function otherMessage(chosen: Allowed, code: string, req: Request): string {
  switch (code as ErrorCode) {
    case 'NoSuchEntity':
      return req.params['SerialNumber'] !== undefined ? `VirtualMFADevice not found: ${req.params['SerialNumber']}` : `User ${req.params['UserName'] ?? ''} not found.`;
    case 'InvalidAuthenticationCode':
      return 'The authentication codes are not valid for this device.';
    case 'EntityAlreadyExists':
      return 'Conflict: the entity already exists or is in use.';
    case 'LimitExceeded':
      return 'Too many MFA devices for this user.';
    case 'DeleteConflict':
      return 'Conflict: the entity is still in use.';
    case 'ValidationError':
      // Only the recorded texts move: an AWS-style validation message stays what it was.
      return chosen.messages ? 'The request is not valid.' : recordedMessage(chosen, code, req);
    default:
      return `Request failed: ${code}`;
  }
}

/** moto's style: 52 characters, letters and digits, no dashes. */
function motoRequestId(): string {
  return randomBytes(39).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 52);
}

function sequentialIds(): () => string {
  let n = 0;
  return () => `req-${String(++n).padStart(10, '0')}`;
}

/** The Date header is not part of the contract; without it the harness must widen its clock bounds, not guess. */
const noDateHeader: ReferenceHooks = {
  answer(_req, answer) {
    const { date: _drop, ...headers } = answer.headers;
    return { ...answer, headers };
  },
};

/** The Date header and the TOTP clock 40 s apart, with a window of one step: digest §7, Time. */
const CODE_CLOCK_SKEW = 40;

export const VARIANTS: readonly Variant[] = [
  policyVariant('messages.other', 'Other error messages', 'Every error message differs from the recorded AWS text; Code and Message are still present (M1 is SHOULD).', ['M1'], () => ({ message: otherMessage })),
  policyVariant('window.0', 'No acceptance window', 'Only a pair current at the endpoint step is accepted; stale or future genuine pairs get 403 (E8 is OPEN).', [], () => ({ window: symmetricWindow(0) })),
  policyVariant('window.1', 'Window of 1 step', 'Genuine pairs up to 1 step stale or ahead of now are accepted, with the counter (E8 is OPEN).', [], () => ({ window: symmetricWindow(1) })),
  policyVariant('window.2', 'Window of 2 steps', 'Genuine pairs up to 2 steps stale or ahead are accepted (E8 is OPEN).', [], () => ({ window: symmetricWindow(2) })),
  policyVariant('window.5', 'Window of 5 steps', 'Genuine pairs up to 5 steps stale or ahead are accepted (E8 is OPEN).', [], () => ({ window: symmetricWindow(5) })),
  policyVariant('window.unanchored', 'AWS-sized window around now', 'The recorded +1000/-998 steps, measured from now rather than from the last accepted step (E8 is OPEN).', [], () => ({ window: { ahead: 1000, behind: 998, anchored: false } })),
  policyVariant('replay.accepted', 'No per-device counter', 'Genuine pairs at or before the last accepted step are accepted again (E8R is SHOULD); window of one step.', ['E8R'], () => ({ acceptReplay: true, window: symmetricWindow(1) })),
  policyVariant('maxitems.validation-error', 'ValidationError for a MaxItems that is not an integer', 'AWS answers MalformedInput; ValidationError is allowed at MUST (V1M is SHOULD).', ['V1M'], () => ({ malformedAsValidation: true })),
  policyVariant('order.reversed', 'Lists in reverse order', 'List calls return entries in descending serial order (the order is not documented).', [], () => ({
    order: <T extends { serial: string }>(items: T[]): T[] => [...items].sort((a, b) => (a.serial < b.serial ? 1 : a.serial > b.serial ? -1 : 0)),
  })),
  policyVariant('request-id.moto', 'moto-style request ids', 'RequestId is a 52-character alphanumeric string instead of a UUID.', [], () => ({ requestId: motoRequestId })),
  policyVariant('request-id.sequential', 'Sequential request ids', 'RequestId is a counter (req-0000000001, ...).', [], () => ({ requestId: sequentialIds() })),
  policyVariant('seed.10-bytes', 'Shorter seeds', 'Base32StringSeed is 16 characters (10 random bytes) instead of 64; the contract sets no length.', [], () => ({ newSeed: () => newSeed(10) })),
  policyVariant('clock.ahead-40', 'Clock 40 s ahead', "The endpoint's clock runs 40 s ahead of ours; its Date header says so.", [], () => ({ skewSeconds: 40 })),
  policyVariant('clock.behind-40', 'Clock 40 s behind', "The endpoint's clock runs 40 s behind ours; its Date header says so.", [], () => ({ skewSeconds: -40 })),
  policyVariant(
    'clock.code-ahead-40',
    'TOTP clock 40 s ahead of the Date header, window of 1 step',
    'The Date header tells our time, the codes run 40 s ahead (an emulator with a shifted code clock); the offset is measured (E8T is OPEN), never judged.',
    [],
    () => ({ codeSkewSeconds: CODE_CLOCK_SKEW, window: symmetricWindow(1) }),
  ),
  policyVariant(
    'clock.code-behind-90',
    'TOTP clock 3 steps behind the Date header, window of 1 step',
    'The codes run 90 s behind the Date header: a pair current by the Date header is always refused, so the harness must find the code clock before it judges any code (E8T is OPEN).',
    [],
    () => ({ codeSkewSeconds: -3 * TOTP.stepSeconds, window: symmetricWindow(1) }),
  ),
  {
    id: 'clock.ahead-40-undated',
    title: 'Clock 40 s ahead, no Date header',
    description: 'As clock.ahead-40, but answers carry no Date header, so the harness cannot see the skew and must treat the step as unknown.',
    raises: [],
    options: () => ({ policy: { ...defaultPolicy({ skewSeconds: 40 }), name: 'clock.ahead-40-undated' }, hooks: noDateHeader }),
  },
  policyVariant('sts.window-1', 'Sign-in window of 1 step', 'STS accepts codes 1 step either side of the frame; AWS was recorded accepting 2 (S2 is SHOULD).', ['S2'], () => ({ stsWindow: 1 })),
  policyVariant('sts.window-4', 'Sign-in window of 4 steps', 'STS accepts codes 4 steps either side of the frame; AWS was recorded refusing 3 (S2 is SHOULD).', ['S2'], () => ({ stsWindow: 4 })),
  policyVariant('sts.settle-0', 'STS follows IAM at once', 'No settling time after Enable, Resync or Deactivate (S3 is OPEN).', [], () => ({ stsSettleSeconds: 0 })),
  policyVariant('sts.settle-2', 'STS follows IAM 2 s late', 'A settling time of 2 s after every change (AWS: 7.5-13.5 s; S3 is OPEN): witnesses wait, random cases are inconclusive.', [], () => ({ stsSettleSeconds: 2 })),
  policyVariant(
    'sts.budget',
    'A verification budget per device',
    'As recorded on AWS: after 9 verifications of one device in a 3-minute window every code gets "unable to validate" (S3 is OPEN): inconclusive, never a divergence.',
    [],
    () => ({ stsBudget: { verifications: 9, seconds: 180 } }),
  ),
  policyVariant('paging.1', 'One entry per page', 'List calls page after every entry (Marker/IsTruncated); the harness must follow them.', [], () => ({}), { pageSize: 1 }),
  policyVariant(
    'combined',
    'Every open point moved at once',
    'Window 0 around now, reversed lists, sequential ids, 10-byte seeds, a clock 40 s behind, pages of 2.',
    [],
    () => ({ window: symmetricWindow(0), requestId: sequentialIds(), newSeed: () => newSeed(10), skewSeconds: -40, order: <T extends { serial: string }>(items: T[]): T[] => [...items].reverse() }),
    { pageSize: 2 },
  ),
];

/** The measured code clock offset of `clock.code-ahead-40`, in steps, for the mutants check. */
export const CODE_CLOCK_SKEW_STEPS = CODE_CLOCK_SKEW / TOTP.stepSeconds;

export function variantById(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
