import { CREDENTIAL_CODES, type ActionName } from '../specs/index.js';
import { EndpointError } from './client/errors.js';
import type { Session } from './session.js';

export interface Calibration {
  readonly account: string | null;
  readonly partition: string;
  /** Actions whose probe showed they exist at all. */
  readonly speaksAwsQuery: boolean;
}

/**
 * Before judging anything: is this an awsQuery endpoint that accepts our credentials, what
 * account does it put in ARNs, and what is its clock? A failure here is exit 3, never a
 * report that blames the endpoint.
 */
export async function calibrate(session: Session, runPrefix: string, endpoint: string): Promise<Calibration> {
  const probes: Array<[ActionName, Array<[string, string]>]> = [
    ['GetUser', [['UserName', `${runPrefix}probe`]]],
    ['ListVirtualMFADevices', [['MaxItems', '1']]],
    ['ListMFADevices', [['UserName', `${runPrefix}probe`]]],
  ];
  let speaks = false;
  let lastStatus = 0;
  let excerpt = '';
  for (const [action, pairs] of probes) {
    const { observation: o } = await session.exchange(action, pairs);
    if (o.code !== null && CREDENTIAL_CODES.includes(o.code)) {
      throw new EndpointError('credentials', `${endpoint} refused the credentials (${o.code}); check --profile or the AWS_* environment`);
    }
    lastStatus = o.status;
    excerpt = (o.excerpt ?? '').replace(/\s+/g, ' ').slice(0, 60);
    if (o.envelope !== 'none') {
      speaks = true;
      break;
    }
  }
  if (!speaks) {
    throw new EndpointError('not-awsquery', `${endpoint} does not speak the IAM awsQuery protocol (HTTP ${lastStatus}${excerpt ? `: ${excerpt}` : ''})`);
  }

  let account: string | null = null;
  let partition = 'aws';
  const name = `${runPrefix}calibrate${Math.random().toString(36).slice(2, 8)}`;
  const { observation: created } = await session.exchange('CreateVirtualMFADevice', [['VirtualMFADeviceName', name]]);
  const serial = created.result?.virtualDevice?.serialNumber;
  const m = serial ? /^arn:([a-z-]+):iam::(\d{12}):mfa\//.exec(serial) : null;
  if (m) {
    partition = m[1] ?? 'aws';
    account = m[2] ?? null;
  }
  if (serial) await session.exchange('DeleteVirtualMFADevice', [['SerialNumber', serial]]);
  return { account, partition, speaksAwsQuery: true };
}
