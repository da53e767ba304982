import {
  ERRORS,
  allows,
  checkResult,
  clauseById,
  implementationOf,
  isModeledError,
  validate,
  type ClauseId,
  type ModelState,
  type PredictionWithFacts,
  type Request,
} from '../specs/index.js';
import type { Finding, OutcomeView } from './events.js';
import type { Observation } from './protocol/observation.js';

const view = (status: number | '4xx', code: string | null | '*'): OutcomeView => ({
  status: status === '4xx' ? 400 : status,
  code: code === '*' ? 'any 4xx' : code,
});

function finding(clause: ClauseId, req: Request, expected: OutcomeView, observed: Observation, detail: string, extra: Partial<Finding> = {}): Finding {
  return { clause, level: clauseById(clause).level as Finding['level'], action: req.action, expected, observed: { status: observed.status, code: observed.code }, detail, ...extra };
}

/** Whether an answer shows the action is missing altogether (digest E9), for a valid request. */
export function isNotImplemented(req: Request, o: Observation): boolean {
  return validate(req.action, req.params).length === 0 && implementationOf(o) === 'missing';
}

/**
 * Compares one answer with the model's prediction. Returns every clause it breaks: the
 * behavioural one (MUST tier, then the first SHOULD tier), the envelope, and the content.
 */
export function judge(state: ModelState, req: Request, prediction: PredictionWithFacts, o: Observation, inScope: (serial: string) => boolean): Finding[] {
  const expected = view(prediction.preferred.status, prediction.preferred.code);
  if (isNotImplemented(req, o)) {
    return [finding('E9', req, expected, o, `${req.action} is not implemented (HTTP ${o.status}${o.code ? ` ${o.code}` : ''})`, { notImplemented: true })];
  }
  if (o.status >= 500) return [finding('E9', req, expected, o, `HTTP ${o.status} answer${o.code ? ` (${o.code})` : ''}: a 5xx is never the answer to a request`)];
  if (o.envelope === 'none') return [finding('E9', req, expected, o, `HTTP ${o.status} answer is not the awsQuery XML envelope`)];

  const out: Finding[] = [];
  if (!allows(prediction.must, o)) {
    const modeled = o.code !== null && isModeledError(o.code) ? ERRORS[o.code].status : undefined;
    if (modeled !== undefined && modeled !== o.status && allows(prediction.must, { status: modeled, code: o.code })) {
      out.push(finding('W2', req, { status: modeled, code: o.code }, o, `${o.code} must be sent with HTTP ${modeled}, not ${o.status}`));
    } else {
      const allowedText = prediction.must.allowed.map((a) => `${a.status} ${a.code ?? 'OK'} (${a.clause})`).join(', ');
      // A ValidationError for a request whose every member is inside its shape breaks V1
      // itself, whatever the request was about (digest §1; E3O's openness covers existence only).
      const refusedValid = o.code === 'ValidationError' && validate(req.action, req.params).length === 0;
      out.push(finding(refusedValid ? 'V1' : prediction.must.clause, req, expected, o, `${refusedValid ? 'every member is inside its shape; ' : ''}expected one of: ${allowedText}`));
    }
  } else {
    const tier = prediction.should.find((t) => !allows(t, o));
    if (tier) out.push(finding(tier.clause, req, view(tier.allowed[0]?.status ?? 400, tier.allowed[0]?.code ?? null), o, `AWS answers ${tier.allowed.map((a) => `${a.status} ${a.code ?? 'OK'}`).join(' or ')}`));
    else {
      const recorded = recordedMessages(prediction, o);
      if (recorded && !sameMessage(recorded, o.message)) {
        out.push(finding('M1', req, { status: o.status, code: o.code }, o, `message differs from AWS's recorded text: ${recorded.map((m) => JSON.stringify(m)).join(' or ')}`, { what: 'message' }));
      }
    }
  }

  if (o.envelope === 'error') {
    if (o.code === '(none)' || !o.message) out.push(finding('W1', req, expected, o, 'error envelope lacks Error/Code or Error/Message', { what: 'envelope' }));
    if (!o.type || !o.requestId) out.push(finding('W1S', req, expected, o, `error envelope lacks ${!o.type ? 'Error/Type' : 'RequestId'}`, { what: !o.type ? 'no Type' : 'no RequestId' }));
  }
  // The content of an answer that should not have succeeded says nothing more: the MUST
  // divergence above already names the request.
  if (o.envelope === 'result' && o.status === 200 && o.code === null && allows(prediction.must, { status: 200, code: null })) {
    for (const r of checkResult(state, req, o.result ?? {}, inScope)) {
      out.push(finding(r.clause, req, { status: 200, code: null }, o, r.detail, { what: r.what }));
    }
  }
  return out;
}

/**
 * AWS's recorded messages for the answer observed (M1), where every reason the prediction has
 * for that answer carries one; undefined where none applies or one reason has none recorded.
 */
export function recordedMessages(prediction: PredictionWithFacts, o: Pick<Observation, 'status' | 'code'>): readonly string[] | undefined {
  if (o.code === null) return undefined;
  const reasons = prediction.must.allowed.filter((a) => a.status === o.status && a.code === o.code);
  if (reasons.length === 0 || !reasons.every((a) => a.messages !== undefined)) return undefined;
  return reasons.flatMap((a) => a.messages ?? []);
}

/**
 * A recorded message and the one observed, compared without surrounding white space: AWS's
 * sign-in message ends in a space (recorded sic), which an XML reader may trim.
 */
export function sameMessage(recorded: readonly string[], observed: string | undefined): boolean {
  const o = (observed ?? '').trim();
  return recorded.some((m) => m.trim() === o);
}
