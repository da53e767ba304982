import { ACTION_NAMES, CLAUSES, isClauseId, type ActionName, type ClauseId } from '../../specs/index.js';
import type { Property } from './property.js';

export class UnknownSelector extends Error {}

/**
 * What --include and --exclude select: clause ids, action names and property ids (a property
 * family such as `lifecycle` stands for every `lifecycle.*`). A finding is judged only when it
 * is selected; requests of an excluded action are not sent; a property runs only when some of
 * its clauses can still be judged.
 */
export interface Selection {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

const isAction = (t: string): t is ActionName => (ACTION_NAMES as readonly string[]).includes(t);
const isProperty = (t: string, id: string) => id === t || id.startsWith(`${t}.`);

/** Validates --include/--exclude tokens: clause ids, action names or property ids. */
export function checkSelectors(tokens: readonly string[], properties: readonly Property[]): void {
  for (const t of tokens) {
    const known = isClauseId(t) || isAction(t) || properties.some((p) => isProperty(t, p.id));
    if (!known) throw new UnknownSelector(`unknown clause, action or property '${t}' (see 'iam-mfa-conformance clauses')`);
  }
}

/** Whether a finding about `clause` on `action`, in a case of `property`, is judged. */
export function selects(sel: Selection, clause: ClauseId, action: ActionName, property: string): boolean {
  const hits = (t: string) => t === clause || t === action || isProperty(t, property);
  if (sel.exclude.some(hits)) return false;
  return sel.include.length === 0 || sel.include.some(hits);
}

/** Whether requests of `action` go out at all (an excluded action is never sent). */
export const sends = (sel: Selection, action: ActionName): boolean => !sel.exclude.includes(action);

/**
 * Whether a clause is judged anywhere in the run: it is, unless excluded, or unless the
 * inclusion names only clauses and not this one (an included action or property can bring
 * any clause along).
 */
export function clauseSelected(sel: Selection, clause: ClauseId): boolean {
  if (sel.exclude.includes(clause)) return false;
  if (sel.include.length === 0) return true;
  return sel.include.includes(clause) || sel.include.some((t) => !isClauseId(t));
}

function actionsOf(p: Property): Set<string> {
  return new Set(p.examples.flatMap((e) => e.steps.map((s) => s.action)));
}

/**
 * The properties that can still judge something: included by one of their clauses, one of
 * their actions or their id, and not excluded by id, nor left with every clause excluded.
 */
export function selectProperties(all: readonly Property[], sel: Selection): Property[] {
  return all.filter((p) => {
    if (sel.exclude.some((t) => isProperty(t, p.id))) return false;
    const judged = p.clauses.filter((c) => clauseSelected(sel, c));
    if (judged.length === 0) return false;
    if (sel.include.length === 0) return true;
    return sel.include.some((t) => isProperty(t, p.id) || (p.clauses as readonly string[]).includes(t) || actionsOf(p).has(t));
  });
}

/**
 * Clause ids the run did not set out to judge, for the report's "not selected": excluded ones,
 * and, when the selection names actions or properties, those no selected property is about
 * and no request happened to judge.
 */
export function unselectedClauses(sel: Selection, properties: readonly Property[], exercised: ReadonlyMap<string, number>): ClauseId[] {
  const byName = sel.include.some((t) => !isClauseId(t));
  return CLAUSES.map((c) => c.id).filter((c) => {
    if (!clauseSelected(sel, c)) return true;
    return byName && !sel.include.includes(c) && !properties.some((p) => (p.clauses as readonly string[]).includes(c)) && !(exercised.get(c) ?? 0);
  });
}
