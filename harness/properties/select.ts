import { ACTION_NAMES, isClauseId } from '../../specs/index.js';
import type { Property } from './property.js';

function actionsOf(p: Property): Set<string> {
  return new Set(p.examples.flatMap((e) => e.steps.map((s) => s.action)));
}

export class UnknownSelector extends Error {}

/** Validates --include/--exclude tokens: clause ids, action names or property ids. */
export function checkSelectors(tokens: readonly string[], properties: readonly Property[]): void {
  for (const t of tokens) {
    const known = isClauseId(t) || (ACTION_NAMES as readonly string[]).includes(t) || properties.some((p) => p.id === t || p.id.startsWith(`${t}.`));
    if (!known) throw new UnknownSelector(`unknown clause, action or property '${t}' (see 'iam-mfa-conformance clauses')`);
  }
}

/**
 * --include keeps properties about any of the given clauses, actions or property ids;
 * --exclude drops properties entirely about excluded ones (their findings are ignored too).
 */
export function selectProperties(all: readonly Property[], include: readonly string[], exclude: readonly string[]): Property[] {
  const matches = (p: Property, tokens: readonly string[]) =>
    tokens.some((t) => p.id === t || p.id.startsWith(`${t}.`) || (p.clauses as readonly string[]).includes(t) || actionsOf(p).has(t));
  return all.filter((p) => {
    if (include.length > 0 && !matches(p, include)) return false;
    if (exclude.length === 0) return true;
    if (exclude.some((t) => p.id === t || p.id.startsWith(`${t}.`))) return false;
    return !p.clauses.every((c) => exclude.includes(c));
  });
}
