import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../cli/exit-codes.js';
import { startReference, type ReferenceEndpoint, type ReferenceOptions } from '../../harness/reference/server.js';
import { withFault } from '../../instruments/compose.js';
import { faultById } from '../../instruments/faults/index.js';
import { applyBaseline, loadBaseline } from '../../reports/baseline.js';
import { reportHtml } from '../../reports/html.js';
import { reportJson } from '../../reports/json.js';
import { junitXml } from '../../reports/junit.js';
import { reportMarkdown } from '../../reports/markdown.js';
import { anchorOf, failing, normalizeSignature, reconcileWindow, type Report } from '../../reports/report.js';
import { CLAUSES, CONTRACT_VERSION } from '../../specs/index.js';
import { cli, FAULT_PROPERTIES, plantedReference, syntheticReport, tmp } from './support.js';

const schema = JSON.parse(readFileSync(new URL('../../reports/report.schema.json', import.meta.url), 'utf8')) as object;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}

/** One real run of the CLI against planted faults: the files every format test reads. */
let ref: ReferenceEndpoint;
const dir = tmp('imc-formats-');
let code: number;
beforeAll(async () => {
  ref = await plantedReference(['enable-unknown-user-400', 'list-unknown-user-200']);
  code = (await cli('run', '--endpoint-url', ref.url, '--seed', '5', '--num-runs', '3', '--include', FAULT_PROPERTIES, '--report-dir', dir)).code;
}, 60_000);
afterAll(async () => {
  await ref?.close();
});
const file = (f: string) => readFileSync(join(dir, f), 'utf8');

describe('one run writes all four files', () => {
  it('report.json, junit.xml, report.html, report.md', () => {
    expect(code).toBe(EXIT.divergences);
    for (const f of ['report.json', 'junit.xml', 'report.html', 'report.md']) expect(file(f).length, f).toBeGreaterThan(200);
  });
});

describe('report.json and its JSON Schema', () => {
  it('the real report validates', () => {
    const validate = validator();
    const report = JSON.parse(file('report.json')) as Report;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.divergences.length).toBe(2);
  });

  it('a report with every optional part (baseline, strict, not implemented, hostile text) validates', () => {
    const validate = validator();
    const r = applyBaseline(syntheticReport({ strict: true }), { tool: 'iam-mfa-conformance', baselineVersion: 2, contractVersion: 'x', entries: [{ key: 'gone|E7|a', clause: 'E7', level: 'MUST', operation: 'EnableMFADevice' }] }, 'b.json');
    const parsed: unknown = JSON.parse(reportJson(r));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['a divergence without signature', (r: Record<string, any>) => delete r['divergences'][0]['signature']],
    ['an unknown clause status', (r: Record<string, any>) => (r['clauses'][0]['status'] = 'maybe')],
    ['a member the schema does not document', (r: Record<string, any>) => (r['extra'] = 1)],
    ['a level outside MUST/SHOULD/OPEN', (r: Record<string, any>) => (r['divergences'][0]['level'] = 'MAY')],
    ['an unknown code pair kind', (r: Record<string, any>) => (r['divergences'][0]['counterexample']['steps'][2]['codes']['pair']['kind'] = 'lucky')],
  ])('the schema rejects %s', (_what, mutate) => {
    const validate = validator();
    const r = JSON.parse(reportJson(syntheticReport())) as Record<string, unknown>;
    mutate(r);
    expect(validate(r)).toBe(false);
  });
});

type Xml = Record<string, any>;
const parseJunit = (xml: string): Xml[] => {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (n) => n === 'testcase' || n === 'property' }).parse(xml) as Xml;
  return doc['testsuites']['testsuite']['testcase'] as Xml[];
};
const byId = (cases: Xml[], id: string) => cases.find((c) => String(c['@name']).startsWith(`${id} `))!;

describe('junit.xml', () => {
  it('parses, with one testcase per clause and the counterexample in each failure', () => {
    const cases = parseJunit(file('junit.xml'));
    expect(cases.map((c) => String(c['@name']).split(' ')[0])).toEqual(CLAUSES.map((c) => c.id));
    const failures = cases.filter((c) => c['failure']);
    expect(failures.map((c) => String(c['@name']).split(' ')[0]).sort()).toEqual(['L1', 'V1']);
    const e2 = String(byId(cases, 'V1')['failure']['#text']);
    expect(e2).toMatch(/minimal case \(\d+ requests?/);
    expect(e2).toContain('EnableMFADevice');
    expect(e2).toMatch(/replay: npx iam-mfa-conformance replay/);
    expect(e2).toMatch(/ask \d+ EnableMFADevice iam enable-mfa-device \\/);
    expect(byId(cases, 'V1')['failure']['@message']).toMatch(/expected 404 NoSuchEntity, observed 400 ValidationError/);
  });

  it('SHOULD divergences are skipped (with details) unless strict, then failures; OPEN never fails; untested is skipped', () => {
    const lax = parseJunit(junitXml(syntheticReport({ strict: false })));
    expect(byId(lax, 'D5S')['failure']).toBeUndefined();
    expect(byId(lax, 'D5S')['skipped']['@message']).toMatch(/SHOULD divergence, fails only with --strict/);
    expect(String(byId(lax, 'D5S')['system-out'])).toContain('ListVirtualMFADevices|D5S|200 OK|200 OK|secret in list');
    const strict = parseJunit(junitXml(syntheticReport({ strict: true })));
    expect(byId(strict, 'D5S')['failure']['@type']).toBe('SHOULDDivergence');
    for (const cases of [lax, strict]) {
      expect(byId(cases, 'E8')['failure']).toBeUndefined();
      expect(String(byId(cases, 'E8')['system-out'])).toMatch(/acceptance window: EnableMFADevice with genuine pair, 3 step\(s\) stale/);
      expect(byId(cases, 'R3')['skipped']['@message']).toBe('not exercised by this run');
      expect(byId(cases, 'E9')['failure']['@type']).toBe('MUSTDivergence');
    }
  });

  it('failures in the file are exactly the divergences that fail the run', () => {
    for (const strict of [false, true]) {
      const r = syntheticReport({ strict });
      const cases = parseJunit(junitXml(r));
      const failed = cases.filter((c) => c['failure']).map((c) => String(c['@name']).split(' ')[0]);
      expect(failed.sort()).toEqual([...new Set(failing(r, strict).map((d) => d.clause))].sort());
    }
  });

  it('hostile text (markup, CDATA ends, NUL, ESC, lone surrogates) still parses and reads back', () => {
    const xml = junitXml(syntheticReport());
    const cases = parseJunit(xml);
    const text = String(byId(cases, 'E9')['failure']['#text']);
    expect(text).toContain('<script>alert("x")</script> & ]]>');
    expect(text).toContain('\\u0000nul \\u001bESC \\ud800lone');
  });
});

describe('report.html', () => {
  const html = reportHtml(syntheticReport());

  it('is one self-contained file: no script, no external resource, a CSP that forbids fetching', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(?:src|href)="(?!#)/);
  });

  it('escapes every value from the report', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; ]]&gt;');
    // Attribute values escape quotes too: a signature is hostile text as much as a message.
    expect(reportHtml({ ...syntheticReport(), divergences: syntheticReport().divergences.map((d) => ({ ...d, signature: `x" onmouseover="alert(1)` })) })).toContain('data-signature="x&quot; onmouseover=&quot;alert(1)"');
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('has the clause matrix, every divergence with its counterexample, measurements and run metadata', () => {
    const r = syntheticReport();
    for (const c of CLAUSES) expect(html).toContain(`data-clause="${c.id}"`);
    for (const d of r.divergences) expect(html).toMatch(new RegExp(`<article class="divergence[^"]*" id="${anchorOf(d.id)}"`));
    expect(html).toContain('Minimal case: enable with a stale genuine pair');
    expect(html).toContain('genuine pair, 3 step(s) stale');
    expect(html).toContain('iam create-virtual-mfa-device \\');
    expect(html).toContain('--bootstrap-method Base32StringSeed');
    expect(html).toMatch(/<section id="measurements">[\s\S]*acceptance window[\s\S]*3 step\(s\) stale/);
    expect(html).toMatch(/<dt>Seed<\/dt><dd>42<\/dd>/);
    expect(html).toMatch(/<dt>Contract version<\/dt>/);
  });

  it('the real run has both planted divergences', () => {
    const real = file('report.html');
    expect(real.match(/<article class="divergence/g)).toHaveLength(2);
    expect(real).toContain('FAIL: 2 failing divergence(s)');
  });
});

describe('report.md', () => {
  it('is short, one table row per divergence, and its tables keep their columns', () => {
    const md = reportMarkdown(syntheticReport());
    expect(md.split('\n').length).toBeLessThan(30);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    // The counts table (header, rule, one row) and the divergences table (header, rule, five rows).
    expect(rows).toHaveLength(3 + 7);
    const columns = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    const divRows = md.split('\n').filter((l) => /^\| (❌|⚠️|☑️)/.test(l));
    expect(divRows).toHaveLength(5);
    for (const l of divRows) expect(columns(l)).toBe(9);
    expect(md).not.toContain('<script');
  });

  it('the real run says what failed', () => {
    const md = file('report.md');
    expect(md).toMatch(/^### ❌ IAM MFA conformance: 2 failing divergence\(s\)/);
    expect(md).toContain('`404 NoSuchEntity`');
  });
});

describe('wording every format shares (issue 15)', () => {
  it('E8: the probe bound never hides a pair accepted further out', () => {
    const m = (subject: string, value: string) => ({ clause: 'E8' as const, question: 'acceptance window', subject, value, count: 1 });
    const out = reconcileWindow([
      m('EnableMFADevice with genuine pair, 20 step(s) stale (offset -20)', '200 OK'),
      m('EnableMFADevice with genuine pair, 30 step(s) stale (offset -30)', 'InvalidAuthenticationCode'),
      m('EnableMFADevice with genuine pair, 2 step(s) ahead (offset 2)', '200 OK'),
      m('stale genuine pairs accepted', 'at least 6 step(s) (search bound)'),
      m('future genuine pairs accepted', 'up to 1 step(s)'),
    ]);
    expect(out.find((x) => x.subject === 'stale genuine pairs accepted')?.value).toBe('at least 20 step(s) (a pair 20 step(s) stale was accepted; the probe searched 6)');
    expect(out.find((x) => x.subject === 'future genuine pairs accepted')?.value).toBe('inconsistent: up to 1 step(s) in the probe, yet a pair 2 step(s) ahead was accepted');
  });

  it('a signature written as "500 OK" (schema 1, old baselines) reads as today\'s reason phrase', async () => {
    expect(normalizeSignature('ListMFADevices|E9|400 ValidationError|500 OK')).toBe('ListMFADevices|E9|400 ValidationError|500 Internal Server Error');
    expect(normalizeSignature('EnableMFADevice|E7|403 InvalidAuthenticationCode|200 OK')).toBe('EnableMFADevice|E7|403 InvalidAuthenticationCode|200 OK');
    const d = tmp('imc-oldsig-');
    const file = join(d, 'b.json');
    writeFileSync(file, JSON.stringify({ tool: 'iam-mfa-conformance', baselineVersion: 1, contractVersion: CONTRACT_VERSION, signatures: [{ signature: 'GetMFADevice|E9|200 OK|501 OK', clause: 'E9', level: 'MUST', operation: 'GetMFADevice' }] }));
    const loaded = await loadBaseline(file, { update: false });
    // A version 1 entry (a signature) is read as today's key: the observed answer is not part of it.
    expect(loaded.baseline?.entries[0]?.key).toBe('GetMFADevice|E9|200 OK');
  });

  it('a partial run says "partial" in JSON, Markdown, HTML and JUnit', () => {
    const r: Report = { ...syntheticReport(), interrupted: true, stopReason: 'interrupted' };
    expect(JSON.parse(reportJson(r))).toMatchObject({ interrupted: true, stopReason: 'interrupted' });
    expect(reportMarkdown(r)).toMatch(/^### ❌ IAM MFA conformance \(partial run\): /m);
    expect(reportMarkdown(r)).toMatch(/PARTIAL run, interrupted \(Ctrl-C\)/);
    expect(reportHtml(r)).toMatch(/id="verdict">PARTIAL run, FAIL/);
    expect(reportHtml(r)).toMatch(/<p class="warn" id="partial">PARTIAL run, interrupted \(Ctrl-C\)/);
    const x = junitXml(r);
    expect(x).toContain('<testsuites name="iam-mfa-conformance (partial)"');
    expect(x).toContain('<property name="partial" value="interrupted"/>');
    expect(x).toContain('not exercised by this partial run');
    for (const text of [reportMarkdown(syntheticReport()), reportHtml(syntheticReport()), junitXml(syntheticReport())]) expect(text).not.toMatch(/partial/i);
  });

  it('divergence ids are #N in every format; Markdown escapes the # so GitHub does not link an issue', () => {
    const r = syntheticReport();
    expect(r.divergences.map((d) => d.id)).toEqual(r.divergences.map((_, i) => `#${i + 1}`));
    expect(reportMarkdown(r)).toMatch(/\| \\#2 \| MUST \| E7 \|/);
    expect(reportHtml(r)).toContain('<a href="#divergence-2">#2</a>');
    expect(junitXml(r)).toMatch(/message="1 divergence\(s\); #2: EnableMFADevice expected 403 InvalidAuthenticationCode, observed 200 OK"/);
  });

  it('a content divergence says what differed in Markdown, HTML and JUnit too', () => {
    const r = syntheticReport({ strict: true });
    expect(reportMarkdown(r)).toMatch(/\| `200 OK` \| `200 OK`, but ListVirtualMFADevices returns the seed or QR code \|/);
    expect(junitXml(r)).toMatch(/#4: ListVirtualMFADevices 200 OK, but ListVirtualMFADevices returns the seed or QR code/);
  });

  it('the counts name unimplemented actions, never "0 not implemented" beside "1 not implemented"', () => {
    const r = syntheticReport();
    expect(reportHtml(r)).toContain('1 action(s) not implemented (GetMFADevice). Clauses: 3 pass, 4 diverge,');
    expect(reportMarkdown(r)).toMatch(/\| actions not implemented \|[\s\S]*\| 1 \(GetMFADevice\) \|/);
    expect(junitXml(r)).toContain('1 action not implemented (GetMFADevice)');
  });
});

describe('report.json of a run whose counterexamples use every kind of symbolic value', () => {
  // Boundary serials (serialSpec), fresh pairs, sign-in tokens and access keys appear in
  // counterexamples only when such a case diverges: plant faults that make each one diverge.
  it('validates against the schema', async () => {
    const faults = ['validation.serial-min-off-by-one', 'enable.reassign', 'sts.code-ignored'].map((id) => faultById(id)!);
    const planted = await startReference(faults.reduce<ReferenceOptions>((o, f) => withFault(o, f.hooks), {}));
    const out = tmp('imc-formats-kinds-');
    try {
      const run = await cli('run', '--endpoint-url', planted.url, '--seed', '3', '--num-runs', '2', '--report-dir', out);
      expect(run.code).toBe(EXIT.divergences);
    } finally {
      await planted.close();
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const text = JSON.stringify(report.divergences.map((d) => d.counterexample));
    for (const kind of ['"serialSpec"', '"fresh"', '"token"', '"signer"']) expect(text, kind).toContain(kind);
    const validate = validator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  }, 120_000);
});
