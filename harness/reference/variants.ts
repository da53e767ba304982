import { randomBytes } from 'node:crypto';
import type { ErrorCode } from '../../specs/index.js';
import { defaultPolicy, type Policy } from './policy.js';
import { newSeed } from './seed.js';
import type { ReferenceHooks, ReferenceOptions } from './server.js';

/**
 * A conformant variant: the reference endpoint answering differently only where the contract
 * is OPEN. The suite must never fail one (a false alarm), whatever it measures about it.
 */
export interface Variant {
  readonly id: string;
  readonly title: string;
  /** Which OPEN point it moves, and why that stays within the contract. */
  readonly description: string;
  /** Fresh options per run: some policies keep counters. */
  options(): ReferenceOptions;
}

type Overrides = Parameters<typeof defaultPolicy>[0];

const policyVariant = (id: string, title: string, description: string, overrides: () => Overrides, extra: Omit<ReferenceOptions, 'policy'> = {}): Variant => ({
  id,
  title,
  description,
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

/** Messages are free text (digest: only Code and Message's presence are MUST). */
function otherMessage(code: string, ctx: { userName?: string; serial?: string }): string {
  switch (code as ErrorCode) {
    case 'NoSuchEntity':
      return ctx.serial !== undefined ? `VirtualMFADevice not found: ${ctx.serial}` : `User ${ctx.userName ?? ''} not found.`;
    case 'InvalidAuthenticationCode':
      return 'The authentication codes are not valid for this device.';
    case 'EntityAlreadyExists':
      return 'Conflict: the entity already exists or is in use.';
    case 'LimitExceeded':
      return 'Too many MFA devices for this user.';
    case 'DeleteConflict':
      return 'Conflict: the entity is still in use.';
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

export const VARIANTS: readonly Variant[] = [
  policyVariant('messages.other', 'Other error messages', 'Every error message differs from the recorded AWS text; Code and Message are still present.', () => ({ message: otherMessage })),
  policyVariant('window.0', 'No acceptance window', 'Only a pair current at the endpoint step is accepted; stale or future genuine pairs get 403 (E8 is OPEN).', () => ({ windowSteps: 0 })),
  policyVariant('window.2', 'Window of 2 steps', 'Genuine pairs up to 2 steps stale or ahead are accepted (E8 is OPEN).', () => ({ windowSteps: 2 })),
  policyVariant('window.5', 'Window of 5 steps', 'Genuine pairs up to 5 steps stale or ahead are accepted (E8 is OPEN).', () => ({ windowSteps: 5 })),
  policyVariant('reuse.refused', 'Reused codes refused', 'A pair whose codes were already accepted once gets 403 (E8R is OPEN).', () => ({ acceptReuse: false })),
  policyVariant('order.reversed', 'Lists in reverse order', 'List calls return entries in descending serial order (the order is not documented).', () => ({
    order: <T extends { serial: string }>(items: T[]): T[] => [...items].sort((a, b) => (a.serial < b.serial ? 1 : a.serial > b.serial ? -1 : 0)),
  })),
  policyVariant('request-id.moto', 'moto-style request ids', 'RequestId is a 52-character alphanumeric string instead of a UUID.', () => ({ requestId: motoRequestId })),
  policyVariant('request-id.sequential', 'Sequential request ids', 'RequestId is a counter (req-0000000001, ...).', () => ({ requestId: sequentialIds() })),
  policyVariant('seed.10-bytes', 'Shorter seeds', 'Base32StringSeed is 16 characters (10 random bytes) instead of 64; the contract sets no length.', () => ({ newSeed: () => newSeed(10) })),
  policyVariant('clock.ahead-40', 'Clock 40 s ahead', "The endpoint's clock runs 40 s ahead of ours; its Date header says so.", () => ({ skewSeconds: 40 })),
  policyVariant('clock.behind-40', 'Clock 40 s behind', "The endpoint's clock runs 40 s behind ours; its Date header says so.", () => ({ skewSeconds: -40 })),
  {
    id: 'clock.ahead-40-undated',
    title: 'Clock 40 s ahead, no Date header',
    description: 'As clock.ahead-40, but answers carry no Date header, so the harness cannot see the skew and must treat the step as unknown.',
    options: () => ({ policy: { ...defaultPolicy({ skewSeconds: 40 }), name: 'clock.ahead-40-undated' }, hooks: noDateHeader }),
  },
  policyVariant('paging.1', 'One entry per page', 'List calls page after every entry (Marker/IsTruncated); the harness must follow them.', () => ({}), { pageSize: 1 }),
  policyVariant(
    'combined',
    'Every open point moved at once',
    'Other messages, window 0, reuse refused, reversed lists, sequential ids, 10-byte seeds, a clock 40 s behind, pages of 2.',
    () => ({ message: otherMessage, windowSteps: 0, acceptReuse: false, requestId: sequentialIds(), newSeed: () => newSeed(10), skewSeconds: -40, order: <T extends { serial: string }>(items: T[]): T[] => [...items].reverse() }),
    { pageSize: 2 },
  ),
];

export function variantById(id: string): Variant | undefined {
  return VARIANTS.find((v) => v.id === id);
}
