import { TOTP } from '../specs/index.js';
import type { AcceptedRange } from './properties/acceptance.js';
import { centreOf } from './properties/acceptance.js';

export type RefusalVerdict = 'charge' | 'explained' | 'unjudged';

/** A measured range in steps from the Date header's step, and when it was measured. */
interface Reading {
  readonly range: AcceptedRange | null;
  readonly at: number;
}

/**
 * The endpoint's TOTP clock against its Date header (digest §7, Time; clause E8T). On AWS
 * they are one clock; an emulator may freeze or shift its code clock. The harness computes
 * codes for the Date header's step plus `offset`, and a refusal of a pair the model calls
 * current is charged only when a fresh device, measured right then, accepts pairs on both
 * sides of it: otherwise the endpoint's clock may be why, and the offset is corrected instead.
 */
export class CodeClock {
  /** Steps added to the Date header's step when codes are computed and judged. */
  offset = 0;
  /** Ranges measured so far, in steps from the Date header's step; for the report. */
  readonly readings: AcceptedRange[] = [];
  private reading: Reading | undefined;
  private probes = 0;
  private running: Promise<Reading | undefined> | undefined;

  constructor(
    /** Accepted range of a fresh device, from the step codes are currently sent for. */
    private readonly measure: (search?: { find: number; extend: number }) => Promise<AcceptedRange | null | undefined>,
    private readonly options: { maxProbes?: number; now?: () => number } = {},
  ) {}

  /**
   * Before the first code is judged: a fresh device tried at 0 and up to two steps either way.
   * Where all of them are accepted the Date header is the code clock as far as any verdict
   * can tell; otherwise the whole range is measured and codes move inside it, so that a
   * current pair is current for the endpoint from the first case on, whatever the order of
   * properties (a verdict must not depend on which one came first).
   */
  async prime(): Promise<void> {
    const quick = await this.measure({ find: 0, extend: 2 });
    if (quick === undefined) return;
    if (quick && quick.lo <= -2 && quick.hi >= 2) {
      this.reading = { range: quick, at: this.now() };
      return;
    }
    const reading = await this.probe();
    const range = reading?.range;
    if (range && !(range.lo < 0 && 0 < range.hi)) this.offset = centreOf(range);
  }

  /**
   * A genuine pair sent `sentAt` steps from the Date header's step was refused although the
   * model says it must be accepted. Decides whether that can be charged to the endpoint.
   */
  async refusal(sentAt: number): Promise<RefusalVerdict> {
    let reading = this.reading;
    // A reading is reused within one step, and only where the pair sits well inside it: a
    // code clock that drifts (a frozen one) moves by a step every 30 seconds.
    const fresh = reading !== undefined && this.now() - reading.at < TOTP.stepSeconds;
    const deepInside = (r: AcceptedRange | null) => r === null || (r.lo + 1 < sentAt && sentAt < r.hi - 1);
    if (!fresh || !deepInside(reading!.range)) reading = await this.probe();
    if (reading === undefined) return 'unjudged';
    const { range } = reading;
    if (range === null || (range.lo < sentAt && sentAt < range.hi)) return 'charge';
    this.offset = centreOf(range);
    return 'explained';
  }

  /**
   * The offsets a fresh device accepts, from the step codes are now sent for: measured once
   * (or taken from the last refusal's measurement), for fresh pairs (harness/case/fresh.ts).
   * Undefined where nothing was accepted or nothing could be measured.
   */
  async window(): Promise<{ lo: number; hi: number } | undefined> {
    const reading = this.reading ?? (await this.probe());
    const range = reading?.range;
    return range ? { lo: range.lo - this.offset, hi: range.hi - this.offset } : undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)() / 1000;
  }

  /** One measurement at a time, whoever asks; none after the budget is spent. */
  private async probe(): Promise<Reading | undefined> {
    if (this.running) return this.running;
    if (this.probes >= (this.options.maxProbes ?? 8)) return undefined;
    this.probes++;
    const correction = this.offset;
    this.running = (async () => {
      const measured = await this.measure();
      if (measured === undefined) return undefined;
      // Stored from the Date header's step, whatever correction the probe ran under.
      const range = measured === null ? null : { ...measured, lo: measured.lo + correction, hi: measured.hi + correction };
      if (range) this.readings.push(range);
      this.reading = { range, at: this.now() };
      return this.reading;
    })();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }
}
