import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { reportJson } from '../../reports/json.js';
import { compareReports } from '../../reports/compare.js';
import type { Report } from '../../reports/report.js';
import { cli, syntheticReport, tmp } from './support.js';

const dir = tmp('imc-compare-');
const save = (name: string, r: Report | string) => {
  const f = join(dir, name);
  writeFileSync(f, typeof r === 'string' ? r : reportJson(r));
  return f;
};

const base = syntheticReport();
// B: D1 fixed (its clause E9 still exercised), D2 fixed but its clause E7 untested in B, one new divergence.
const fresh = { ...base.divergences[2]!, id: 'D9', signature: 'DeleteUser|R3|409 DeleteConflict|200 OK', clause: 'R3' as const, operation: 'DeleteUser' };
const b: Report = {
  ...base,
  divergences: [...base.divergences.slice(2), fresh],
  clauses: base.clauses.map((c) => (c.id === 'E7' ? { ...c, status: 'untested' as const, checks: 0 } : c)),
};

describe('compareReports', () => {
  it('splits by signature: new, fixed, not seen (clause untested in B), unchanged', () => {
    const c = compareReports(base, b);
    expect(c.new.map((d) => d.signature)).toEqual([fresh.signature]);
    expect(c.fixed.map((d) => d.signature)).toEqual([base.divergences[0]!.signature]);
    expect(c.unseen.map((d) => d.signature)).toEqual([base.divergences[1]!.signature]);
    expect(c.unchanged.map((d) => d.signature)).toEqual(base.divergences.slice(2).map((d) => d.signature));
    expect(c.notes).toEqual([]);
  });

  it('notes what makes two runs hard to compare', () => {
    const other = { ...b, contractVersion: '1999-01-01.1', seed: 1, target: { ...b.target, endpoint: 'http://127.0.0.1:4566' } };
    expect(compareReports(base, other).notes.join('\n')).toMatch(/different contract versions[\s\S]*different targets[\s\S]*different searches/);
  });
});

describe('iam-mfa-conformance compare', () => {
  const a = save('a.json', base);
  const bf = save('b.json', b);

  it('exit 1 when B has new divergences, listing each group', async () => {
    const r = await cli('compare', a, bf);
    expect(r.code).toBe(EXIT.divergences);
    const text = r.out.join('\n');
    expect(text).toMatch(/New in B \(1\):\n {2}MUST {3}R3 {3}DeleteUser: .*\[DeleteUser\|R3\|409 DeleteConflict\|200 OK\]/);
    expect(text).toMatch(/Fixed in B \(1\):/);
    expect(text).toMatch(/Not seen in B, clause not exercised there \(1\):/);
    expect(text).toMatch(/Unchanged \(3\):/);
  });

  it('exit 0 when nothing is new', async () => {
    const r = await cli('compare', a, a);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out.join('\n')).toMatch(/New in B \(0\):\nFixed in B \(0\):\nUnchanged \(5\):/);
  });

  it('--json is machine-readable; going back from B to A, what B fixed is new again', async () => {
    const r = await cli('compare', bf, a, '--json');
    expect(r.code).toBe(EXIT.divergences);
    const parsed = JSON.parse(r.out.join('\n')) as Record<'new' | 'fixed' | 'unseen' | 'unchanged', Array<{ signature: string }>>;
    expect(parsed.new.map((d) => d.signature)).toEqual(base.divergences.slice(0, 2).map((d) => d.signature));
    // R3 was never exercised by run A: its absence there proves nothing.
    expect(parsed.unseen.map((d) => d.signature)).toEqual(['DeleteUser|R3|409 DeleteConflict|200 OK']);
    expect(parsed.fixed).toEqual([]);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), /cannot read report .*missing\.json/],
    ['not JSON', () => save('bad.json', '{"tool":'), /is not valid JSON/],
    ['not a report', () => save('baseline.json', '{"tool": "iam-mfa-conformance", "baselineVersion": 1}'), /is not an iam-mfa-conformance report\.json/],
    ['another schema version', () => save('v9.json', JSON.stringify({ ...JSON.parse(reportJson(base)), schemaVersion: 9 })), /has schemaVersion 9; this iam-mfa-conformance reads versions 1 and 2 \(writes 2\)/],
    ['a corrupt divergence list', () => save('corrupt.json', JSON.stringify({ ...JSON.parse(reportJson(base)), divergences: [{ id: 'D1' }] })), /is corrupt/],
  ])('exit 2 with one line on %s', async (_what, make, message) => {
    const r = await cli('compare', a, make());
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
  });

  it('exit 2 without exactly two files', async () => {
    expect((await cli('compare', a)).code).toBe(EXIT.usage);
    expect((await cli('compare', a, a, a)).code).toBe(EXIT.usage);
  });

  it('is listed in the top-level help', async () => {
    expect((await cli('--help')).out.join('\n')).toMatch(/^ {2}compare {4}/m);
  });
});
