import fc from 'fast-check';
import type { CodePair } from '../../generators/code-pair.js';
import { wrongPair } from '../../generators/code-pair.js';
import { futurePair } from '../../generators/future-pair.js';
import { stalePair } from '../../generators/stale-pair.js';
import type { NameSpec } from '../../generators/name.js';
import { fixedName } from '../../generators/simple-names.js';
import type { TokenCode } from '../../generators/token-code.js';
import { wrongToken } from '../../generators/wrong-token.js';
import type { CaseSpec, Step, StepRunner } from '../case/spec.js';
import type { Property } from './property.js';
import {
  createAccessKey,
  createDevice,
  createUser,
  deactivate,
  deleteDevice,
  deleteUser,
  enable,
  getUser,
  listMfa,
  listVirtual,
  nameOf,
  resync,
  serialOf,
  signIn,
} from './steps.js';

/** What the command generator tracks: only which aliases were asked into existence. */
interface Aliases {
  users: Set<string>;
  devices: Set<string>;
  /** Users asked to get an access key: only they can sign in. */
  keys: Set<string>;
}

/**
 * One request of a sequence. The oracle is the contract model inside the step runner, not
 * this class: `check` only keeps sequences meaningful (no enabling before anything exists).
 */
class StepCommand implements fc.AsyncCommand<Aliases, StepRunner> {
  constructor(
    readonly step: Step,
    private readonly needs: { user?: string; device?: string; key?: string },
    private readonly effect: (m: Aliases) => void = () => undefined,
  ) {}
  check(m: Readonly<Aliases>): boolean {
    return (
      (this.needs.user === undefined || m.users.has(this.needs.user)) &&
      (this.needs.device === undefined || m.devices.has(this.needs.device)) &&
      (this.needs.key === undefined || m.keys.has(this.needs.key))
    );
  }
  async run(m: Aliases, r: StepRunner): Promise<void> {
    this.effect(m);
    await r.step(this.step);
  }
  toString(): string {
    return `${this.step.action}(${Object.keys(this.step.params).join(',')})`;
  }
}

const USERS = ['u0', 'u1'];
const DEVICES = ['d0', 'd1', 'd2'];
const user = fc.constantFrom(...USERS);
const device = fc.constantFrom(...DEVICES);
const n = (alias: string): NameSpec => fixedName(alias);
const pair: fc.Arbitrary<CodePair> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<CodePair>({ kind: 'genuine', offset: 0 }) },
  // Pairs after the counter keep later state checks from being masked by a refusal for reuse.
  { weight: 3, arbitrary: fc.constant<CodePair>({ kind: 'fresh' }) },
  { weight: 1, arbitrary: fc.oneof(stalePair, futurePair) },
  { weight: 2, arbitrary: wrongPair },
);

/** Sign-ins (digest §8): the current code, one still unspent, the last one again, wrong ones, a few steps off. */
const token: fc.Arbitrary<TokenCode> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<TokenCode>({ kind: 'genuine', offset: 0 }) },
  { weight: 2, arbitrary: fc.constant<TokenCode>({ kind: 'fresh' }) },
  { weight: 1, arbitrary: fc.constant<TokenCode>({ kind: 'reuse' }) },
  { weight: 1, arbitrary: wrongToken },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }).map((offset): TokenCode => ({ kind: 'genuine', offset })) },
);

const commands = [
  user.map((u) => new StepCommand(createUser(n(u)), {}, (m) => m.users.add(u))),
  device.map((d) => new StepCommand(createDevice(n(d)), {}, (m) => m.devices.add(d))),
  fc.tuple(user, device, pair).map(([u, d, p]) => new StepCommand(enable(nameOf(n(u)), serialOf(n(d)), n(d), p), { user: u, device: d })),
  fc.tuple(user, device, pair).map(([u, d, p]) => new StepCommand(resync(nameOf(n(u)), serialOf(n(d)), n(d), p), { user: u, device: d })),
  fc.tuple(user, device).map(([u, d]) => new StepCommand(deactivate(n(u), n(d)), { user: u, device: d })),
  device.map((d) => new StepCommand(deleteDevice(n(d)), { device: d })),
  user.map((u) => new StepCommand(deleteUser(n(u)), { user: u })),
  user.map((u) => new StepCommand(listMfa(n(u)), { user: u })),
  fc.constantFrom(undefined, 'Assigned', 'Unassigned', 'Any' as const).map((s) => new StepCommand(listVirtual(s), {})),
  user.map((u) => new StepCommand(getUser(n(u)), { user: u })),
  user.map((u) => new StepCommand(createAccessKey(n(u)), { user: u }, (m) => m.keys.add(u))),
  fc.tuple(user, device, token).map(([u, d, t]) => new StepCommand(signIn(n(u), n(d), t), { user: u, device: d, key: u })),
];

function sequence(cmds: Iterable<fc.AsyncCommand<Aliases, StepRunner>>): CaseSpec {
  return {
    label: 'a generated sequence of MFA lifecycle requests',
    steps: [],
    run: (runner) => fc.asyncModelRun(() => ({ model: { users: new Set<string>(), devices: new Set<string>(), keys: new Set<string>() }, real: runner }), cmds),
  };
}

const witness: CaseSpec = {
  label: 'create, enable, resync, list, deactivate, delete',
  steps: [
    createUser(n('u0')),
    createDevice(n('d0')),
    enable(nameOf(n('u0')), serialOf(n('d0')), n('d0'), { kind: 'fresh' }),
    resync(nameOf(n('u0')), serialOf(n('d0')), n('d0'), { kind: 'fresh' }),
    listMfa(n('u0')),
    listVirtual(),
    deleteUser(n('u0')),
    deactivate(n('u0'), n('d0')),
    deleteDevice(n('d0')),
    deleteUser(n('u0')),
    listVirtual('Any'),
  ],
};

const signInWitness: CaseSpec = {
  label: 'create, key, enable, sign in, resync, sign in, deactivate, sign in, delete',
  steps: [
    createUser(n('u0')),
    createAccessKey(n('u0')),
    createDevice(n('d0')),
    enable(nameOf(n('u0')), serialOf(n('d0')), n('d0'), { kind: 'fresh', when: 'current' }),
    signIn(n('u0'), n('d0'), { kind: 'genuine', offset: 0 }),
    resync(nameOf(n('u0')), serialOf(n('d0')), n('d0'), { kind: 'fresh' }),
    signIn(n('u0'), n('d0'), { kind: 'fresh' }),
    deleteUser(n('u0')),
    deactivate(n('u0'), n('d0')),
    signIn(n('u0'), n('d0'), { kind: 'fresh' }),
    deleteDevice(n('d0')),
  ],
};

/** Model-based runs: fast-check command sequences, every answer judged by the contract model. */
export const statefulProperties: Property[] = [
  {
    id: 'stateful.lifecycle',
    title: 'Generated request sequences over users, virtual devices, access keys and sign-ins stay within the contract',
    clauses: ['E1', 'E4', 'E7', 'D4', 'D5', 'L1', 'R1', 'R2', 'R3', 'U3', 'K1', 'R3K', 'S1', 'S2'],
    arbitrary: fc.commands(commands, { maxCommands: 14 }).map(sequence),
    examples: [witness, signInWitness],
    weight: 0.6,
  },
];
