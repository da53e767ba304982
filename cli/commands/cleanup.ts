import { cleanupPrefix } from '../../harness/cleanup.js';
import { parse } from '../args.js';
import { endpointFlags } from '../common.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { openTarget } from '../target-session.js';

export const CLEANUP_HELP = `Usage: iam-mfa-conformance cleanup --endpoint-url URL --prefix P

Deactivates and deletes every virtual MFA device and user whose name starts with P (a run
prefix such as imcab12c, printed in every report), and nothing else.`;

export async function cleanupCommand(argv: string[], deps: { write: (l: string) => void }): Promise<number> {
  const { values } = parse(argv, { ...endpointFlags, prefix: { type: 'string' } });
  if (values.help) {
    deps.write(CLEANUP_HELP);
    return EXIT.ok;
  }
  const prefix = values.prefix;
  // Only this tool's own naming scheme: a short or foreign prefix could match other people's resources.
  if (!prefix || !/^imc[a-z0-9]{5}/.test(prefix)) throw new UsageError('--prefix must be a run prefix of this tool (imc + 5 characters, e.g. imcab12c)');
  if (!values['endpoint-url']) throw new UsageError('cleanup needs --endpoint-url');
  const target = await openTarget(values, values['endpoint-url'], () => undefined);
  try {
    const r = await cleanupPrefix(target.session, prefix);
    deps.write(`removed ${r.devices} device(s) and ${r.users} user(s) (${r.deactivated} deactivated) with prefix ${prefix}${r.failures ? `; ${r.failures} request(s) failed` : ''}`);
    return r.failures > 0 ? EXIT.endpoint : EXIT.ok;
  } finally {
    await target.close();
  }
}
