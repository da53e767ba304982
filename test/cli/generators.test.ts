import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { CATALOGUE } from '../../generators/catalogue.js';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (l) => out.push(...l.split('\n')), (l) => err.push(l));
  return { code, out, err };
}

describe('generators command', () => {
  it('--stats prints every generator with every declared label, none below 1%', async () => {
    const r = await run('generators', '--stats');
    expect(r.code).toBe(0);
    for (const e of CATALOGUE) {
      const head = r.out.findIndex((l) => l === `${e.name}: 10000 values, seed 1`);
      expect(head, e.name).toBeGreaterThanOrEqual(0);
      const rows = r.out.slice(head + 1, head + 1 + e.labels.length);
      expect(rows.map((l) => l.trim().split(/\s+/)[0])).toEqual([...e.labels]);
      for (const row of rows) expect(row).toMatch(/^ {2}\S+ +\d{1,3}\.\d% +\d+$/);
      expect(rows.reduce((n, l) => n + Number(l.trim().split(/\s+/)[2]), 0)).toBe(10_000);
    }
    expect(r.out.join('\n')).not.toMatch(/never generated|below 1%|undeclared/);
    // The MUST serial case is drawn twice as often as each other serial label.
    expect(r.out.find((l) => l.startsWith('  valid:own-unknown '))).toMatch(/ 1\d\.\d% /);
  });

  it('is reproducible for a seed, and --sample shows labelled, resolved values', async () => {
    const a = await run('generators', '--sample', '3', '--seed', '9', '--only', 'serialNumber');
    const b = await run('generators', '--sample', '3', '--seed', '9', '--only', 'serialNumber');
    expect(a.code).toBe(0);
    expect(a.out).toEqual(b.out);
    expect(a.out[0]).toBe('serialNumber:');
    expect(a.out.slice(1)).toHaveLength(3);
    for (const l of a.out.slice(1)) expect(l).toMatch(/^ {2}(valid|invalid):\S+ {2}(MUST|OPEN) {2}"/);
    const pairs = await run('generators', '--sample', '5', '--only', 'wrongPair');
    for (const l of pairs.out.slice(1)) expect(l).toMatch(/^ {2}wrong:(identical|reversed|gapped|foreign|random) {2}\S/);
  });

  it.each([[['generators', '--bogus']], [['generators', '--sample', 'x']], [['generators', '--sample', '0']], [['generators', '--only', 'nothing-like-this']]])(
    'bad usage %j exits 2 with one line',
    async (argv) => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toHaveLength(1);
    },
  );
});
