import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CATALOGUE } from '../../generators/catalogue.js';

describe.each(CATALOGUE.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
  it('every declared kind is at least 1% of a default-size sample, and no other kind appears', () => {
    const counts = new Map<string, number>();
    const sample = fc.sample(entry.examples, 10_000);
    for (const x of sample) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
    expect([...counts.keys()].filter((l) => !entry.labels.includes(l))).toEqual([]);
    const rare = entry.labels.filter((l) => (counts.get(l) ?? 0) < sample.length / 100);
    expect(rare).toEqual([]);
  });
});

describe('generators read no clock', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sampling every arbitrary works with Date.now and performance.now refusing', () => {
    const refuse = () => {
      throw new Error('a generator read the clock');
    };
    vi.spyOn(Date, 'now').mockImplementation(refuse);
    vi.spyOn(performance, 'now').mockImplementation(refuse);
    const RealDate = Date;
    vi.stubGlobal('Date', new Proxy(RealDate, { construct: refuse }));
    try {
      for (const e of CATALOGUE) fc.sample(e.examples, { numRuns: 200, seed: 7 });
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
