import { describe, expect, it } from 'vitest';
import { chooseTarget, UnknownTarget } from '../../harness/targets/choose.js';
import { parseContainerSpec, presetFor } from '../../harness/targets/container.js';

/** No engine needed: what `--target container:...` is read as, and which preset it gets. */
describe('container:IMAGE[:TAG][@PORT]', () => {
  it.each([
    ['motoserver/moto:5.1.0', { image: 'motoserver/moto:5.1.0', repository: 'motoserver/moto', tag: '5.1.0' }],
    ['motoserver/moto', { image: 'motoserver/moto:latest', repository: 'motoserver/moto' }],
    ['docker.io/motoserver/moto:5.1.0', { image: 'docker.io/motoserver/moto:5.1.0', repository: 'motoserver/moto', tag: '5.1.0' }],
    ['localhost:5000/ministackorg/ministack:1.5.33@4566', { image: 'localhost:5000/ministackorg/ministack:1.5.33', repository: 'ministackorg/ministack', tag: '1.5.33', port: 4566 }],
    ['nginx:1.27@80', { image: 'nginx:1.27', repository: 'nginx', tag: '1.27', port: 80 }],
    ['library/nginx@8080', { image: 'library/nginx:latest', repository: 'nginx', port: 8080 }],
    ['motoserver/moto@sha256:0123abcd', { image: 'motoserver/moto@sha256:0123abcd', repository: 'motoserver/moto' }],
  ])('%s', (text, expected) => {
    expect(parseContainerSpec(text)).toEqual(expected);
  });

  it.each([
    ['motoserver/moto:5.1.0', 'moto', 5000, '/moto-api/'],
    ['iam-mfa-conformance/moto:5.2.1', 'moto', 5000, '/moto-api/'],
    ['public.ecr.aws/localstack/localstack:4', 'localstack', 4566, '/_localstack/health'],
    ['ministackorg/ministack:1.5.33', 'ministack', 4566, '/_ministack/health'],
    ['example/unknown:1', 'container', 4566, '/'],
    ['example/unknown:1@9000', 'container', 9000, '/'],
    ['motoserver/moto:5.1.0@5001', 'moto', 5001, '/moto-api/'],
  ])('%s runs with the %s preset on port %i, ready on %s', (text, name, port, readyPath) => {
    const p = presetFor(parseContainerSpec(text));
    expect([p.name, p.port, p.readyPath]).toEqual([name, port, readyPath]);
  });

  it('only the image built here is never pulled; only moto is reset and isolated by account', () => {
    expect(presetFor(parseContainerSpec('iam-mfa-conformance/moto:5.2.1')).localOnly).toBe(true);
    expect(presetFor(parseContainerSpec('motoserver/moto:5.1.0')).localOnly).toBeUndefined();
    const moto = presetFor(parseContainerSpec('motoserver/moto:5.1.0'));
    expect(moto.resetPath).toBe('/moto-api/reset');
    expect(Object.keys(moto.headers?.() ?? {})).toEqual(['x-moto-account-id']);
    expect(presetFor(parseContainerSpec('ministackorg/ministack:1')).resetPath).toBeUndefined();
  });

  it.each(['', ' ', 'moto server', '-rm', 'a//b', 'moto:', 'moto@0', 'moto@70000'])('%j is a usage error, not a start attempt', (text) => {
    expect(() => chooseTarget(`container:${text}`, undefined)).toThrow(UnknownTarget);
  });

  it('chooseTarget routes container: names and keeps the others', () => {
    expect(chooseTarget('container:motoserver/moto:5.1.0', undefined).kind).toBe('container');
    expect(chooseTarget('moto', undefined).kind).toBe('moto');
    expect(chooseTarget(undefined, undefined).kind).not.toBe('container');
  });
});
