import { ACTIONS } from '../../specs/index.js';
import { createDevice, createUser, enable, getUser, listMfa, raw, resync } from './demo.js';
import { crashAnswer, errorAnswer, rewriteError, type Fault } from './fault.js';

const wrongCodes = () => ({ AuthenticationCode1: '123456', AuthenticationCode2: '654321' });

/** The awsQuery envelope and HTTP statuses (digest §5, W1, W2, E9). */
export const wireFaults: Fault[] = [
  {
    id: 'status.invalid-code-400',
    title: 'InvalidAuthenticationCode is sent with HTTP 400',
    description: 'Wrong codes get the right error code with the wrong status (400 instead of the modeled 403).',
    level: 'MUST',
    clause: 'W2',
    modelledOn: 'frameworks that send every client error as 400',
    hooks: rewriteError('InvalidAuthenticationCode', (a) => ({ ...a, status: 400 })),
    demo: [createUser('u'), createDevice('d'), enable('u', 'd', wrongCodes)],
  },
  {
    id: 'status.no-such-entity-400',
    title: 'NoSuchEntity is sent with HTTP 400',
    description: 'An unknown user or serial gets NoSuchEntity with status 400 instead of the modeled 404.',
    level: 'MUST',
    clause: 'W2',
    modelledOn: 'frameworks that send every client error as 400',
    hooks: rewriteError('NoSuchEntity', (a) => ({ ...a, status: 400 })),
    demo: [createDevice('d'), enable('nobody', 'd')],
  },
  {
    id: 'envelope.no-message',
    title: 'Error answers carry no Message',
    description: 'ErrorResponse/Error has Type and Code but no Message element.',
    level: 'MUST',
    clause: 'W1',
    modelledOn: 'a hand-written error template',
    hooks: rewriteError(undefined, (a) => ({ ...a, body: a.body.replace(/<Message>[^<]*<\/Message>/, '') })),
    demo: [getUser('nobody')],
  },
  {
    id: 'envelope.not-error-response',
    title: 'Errors come in the EC2 envelope instead of ErrorResponse',
    description: 'Errors are sent as <Response><Errors><Error>…</Error></Errors><RequestID>…</RequestID></Response>, the EC2 query shape, which IAM clients do not read.',
    level: 'MUST',
    clause: 'E9',
    modelledOn: 'emulators sharing one error renderer across EC2-style and IAM-style services',
    hooks: rewriteError(undefined, (a) => {
      const code = /<Code>([^<]*)<\/Code>/.exec(a.body)?.[1] ?? '';
      const message = /<Message>([^<]*)<\/Message>/.exec(a.body)?.[1] ?? '';
      const id = /<RequestId>([^<]*)<\/RequestId>/.exec(a.body)?.[1] ?? '';
      return { ...a, body: `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${id}</RequestID></Response>` };
    }),
    demo: [getUser('nobody')],
  },
  {
    id: 'crash.non-ascii',
    title: 'Non-ASCII input crashes the endpoint (HTTP 500)',
    description: 'A parameter with a character outside ASCII (a user name in another script, an accented letter) gets an HTML 500 instead of 400 ValidationError.',
    level: 'MUST',
    clause: 'E9',
    modelledOn: 'an encode("ascii") deep in a request handler',
    hooks: {
      intercept(req, _state, env) {
        const bad = Object.values(req.params).some((v) => v !== undefined && /[^\x00-\x7f]/.test(v));
        return bad ? crashAnswer(env, 500, "UnicodeEncodeError: 'ascii' codec can't encode character") : undefined;
      },
    },
    demo: [createDevice('d'), raw('EnableMFADevice', (c) => ({ UserName: 'jos\u00e9', SerialNumber: c.serial('d'), ...c.pair('d') }))],
  },
  {
    id: 'crash.empty-value',
    title: 'An empty required value crashes the endpoint (HTTP 500)',
    description: "A required parameter sent empty (UserName=) gets 500 ServiceFailure instead of 400 ValidationError: the handler indexes into the value.",
    level: 'MUST',
    clause: 'E9',
    modelledOn: "a Python handler doing name[0] (IndexError) on ''",
    hooks: {
      intercept(req, _state, env) {
        const empty = ACTIONS[req.action].params.some((p) => p.required && req.params[p.name] === '');
        return empty ? errorAnswer(env, 'ServiceFailure', 'string index out of range', 500, 'Receiver') : undefined;
      },
    },
    demo: [createDevice('d'), raw('EnableMFADevice', (c) => ({ UserName: '', SerialNumber: c.serial('d'), ...c.pair('d') }))],
  },
  {
    id: 'crash.missing-param',
    title: 'A missing required parameter crashes the endpoint (HTTP 500)',
    description: 'A request without a required member (e.g. AuthenticationCode2) gets an HTML 500 instead of a 4xx.',
    level: 'MUST',
    clause: 'E9',
    modelledOn: "moto-style handlers reading self._get_param(...) and failing on None (KeyError / TypeError)",
    hooks: {
      intercept(req, _state, env) {
        const missing = ACTIONS[req.action].params.find((p) => p.required && req.params[p.name] === undefined);
        return missing ? crashAnswer(env, 500, `KeyError: '${missing.name}'`) : undefined;
      },
    },
    demo: [createUser('u'), createDevice('d'), raw('EnableMFADevice', (c) => ({ UserName: 'u', SerialNumber: c.serial('d'), AuthenticationCode1: c.code('d', -1) }))],
  },
  {
    id: 'unimplemented.resync-501',
    title: 'ResyncMFADevice is not implemented (501)',
    description: 'Every ResyncMFADevice request gets HTTP 501 NotImplemented.',
    level: 'MUST',
    clause: 'E9',
    modelledOn: 'emulators that list the action but never wrote it (LocalStack community for several IAM calls)',
    hooks: {
      intercept(req, _state, env) {
        return req.action === 'ResyncMFADevice' ? errorAnswer(env, 'NotImplemented', 'The ResyncMFADevice action has not been implemented', 501, 'Receiver') : undefined;
      },
    },
    demo: [createUser('u'), createDevice('d'), enable('u', 'd'), resync('u', 'd', (c) => c.pair('d', 1))],
  },
  {
    id: 'unimplemented.list-mfa',
    title: 'ListMFADevices is not implemented (InvalidAction)',
    description: 'ListMFADevices gets 400 InvalidAction, as if the endpoint did not know the action.',
    level: 'MUST',
    clause: 'E9',
    modelledOn: 'an emulator whose action table lacks the call',
    hooks: {
      intercept(req, _state, env) {
        return req.action === 'ListMFADevices' ? errorAnswer(env, 'InvalidAction', 'Could not find operation ListMFADevices for version 2010-05-08', 400) : undefined;
      },
    },
    demo: [createUser('u'), listMfa('u')],
  },
];
