import { describe, expect, it } from 'vitest';
import { chooseEndpoint, chooseStsEndpoint, defaultStsEndpoint, settleTimeout } from '../../cli/common.js';
import { UsageError } from '../../cli/exit-codes.js';

/** Where sign-ins go (digest §8), with the AWS CLI's precedence for the STS service. */
describe('the STS endpoint', () => {
  const env = { AWS_ENDPOINT_URL_STS: 'http://sts.local:1', AWS_ENDPOINT_URL: 'http://all.local:2', AWS_ENDPOINT_URL_IAM: 'http://iam.local:3' };

  it('--sts-endpoint-url wins over everything', () => {
    const iam = chooseEndpoint({}, env);
    expect(chooseStsEndpoint({ 'sts-endpoint-url': 'http://flag:4/' }, env, iam)).toEqual({ url: 'http://flag:4', source: '--sts-endpoint-url' });
  });

  it('with IAM from the variables: AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL, then the IAM endpoint', () => {
    const iam = chooseEndpoint({}, env);
    expect(iam).toEqual({ url: 'http://iam.local:3', source: 'AWS_ENDPOINT_URL_IAM' });
    expect(chooseStsEndpoint({}, env, iam)).toEqual({ url: 'http://sts.local:1', source: 'AWS_ENDPOINT_URL_STS' });
    const noSts = { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM: env.AWS_ENDPOINT_URL_IAM };
    expect(chooseStsEndpoint({}, noSts, chooseEndpoint({}, noSts))).toEqual({ url: 'http://all.local:2', source: 'AWS_ENDPOINT_URL' });
    const iamOnly = { AWS_ENDPOINT_URL_IAM: env.AWS_ENDPOINT_URL_IAM };
    expect(chooseStsEndpoint({}, iamOnly, chooseEndpoint({}, iamOnly))).toBeUndefined();
  });

  it('--endpoint-url, a --target or the embedded reference name the endpoint for both services: the variables do not apply', () => {
    expect(chooseStsEndpoint({}, env, chooseEndpoint({ 'endpoint-url': 'http://mine:5' }, env))).toBeUndefined();
    expect(chooseStsEndpoint({}, env, chooseEndpoint({}, env, 'moto'))).toBeUndefined();
    expect(chooseStsEndpoint({}, env, undefined)).toBeUndefined();
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns the variables off', () => {
    const off = { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(chooseStsEndpoint({}, off, { url: 'http://iam.local:3', source: 'AWS_ENDPOINT_URL_IAM' })).toBeUndefined();
  });

  it("beside AWS's IAM, AWS's regional STS; beside anything else, the same endpoint", () => {
    expect(defaultStsEndpoint('https://iam.amazonaws.com', 'eu-west-1')).toBe('https://sts.eu-west-1.amazonaws.com');
    expect(defaultStsEndpoint('https://iam.cn-north-1.amazonaws.com.cn', 'cn-north-1')).toBe('https://sts.cn-north-1.amazonaws.com.cn');
    expect(defaultStsEndpoint('http://127.0.0.1:4566', 'us-east-1')).toBe('http://127.0.0.1:4566');
  });

  it('a bad URL or settle timeout is a usage error', () => {
    expect(() => chooseStsEndpoint({ 'sts-endpoint-url': 'ftp://x' }, {}, undefined)).toThrow(UsageError);
    expect(() => settleTimeout({ 'settle-timeout': '-1' })).toThrow(UsageError);
    expect(() => settleTimeout({ 'settle-timeout': 'soon' })).toThrow(UsageError);
    expect(settleTimeout({})).toBe(20);
  });
});
