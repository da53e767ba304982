import { TOTP, stepAt, type Clock } from '../specs/index.js';

/**
 * The endpoint's clock, bounded from its Date headers. A Date header says the endpoint's time
 * was in [D, D+1) at some instant between our send and our receive, so every answer narrows
 * the interval of possible offsets; the interval, not a point, is what verdicts use.
 */
export class ClockEstimator {
  private lo = -Infinity;
  private hi = Infinity;
  private maxLatency = 0.05;

  constructor(private readonly local: () => number = () => Date.now() / 1000) {}

  now(): number {
    return this.local();
  }

  observe(sentAt: number, receivedAt: number, dateHeader: string | undefined): void {
    this.maxLatency = Math.max(this.maxLatency * 0.98, receivedAt - sentAt);
    if (!dateHeader) return;
    const d = Date.parse(dateHeader) / 1000;
    if (Number.isNaN(d)) return;
    const lo = d - receivedAt;
    const hi = d + 1 - sentAt;
    if (lo > this.hi || hi < this.lo) {
      // The endpoint's clock jumped (or drifted past our bounds): start over from this answer.
      this.lo = lo;
      this.hi = hi;
      return;
    }
    this.lo = Math.max(this.lo, lo);
    this.hi = Math.min(this.hi, hi);
  }

  known(): boolean {
    return Number.isFinite(this.lo) && Number.isFinite(this.hi);
  }

  /** Offset bounds in seconds (endpoint minus local); ±60 s until a Date header was seen. */
  offset(): { lo: number; hi: number } {
    return this.known() ? { lo: this.lo, hi: this.hi } : { lo: -60, hi: 60 };
  }

  /** The endpoint's clock interval for a request sent at `sentAt` and answered at `receivedAt`. */
  interval(sentAt: number, receivedAt: number): Clock {
    const o = this.offset();
    return { lo: sentAt + o.lo, hi: receivedAt + o.hi };
  }

  /** Best guess of the endpoint's current step. */
  currentStep(): number {
    const o = this.offset();
    return stepAt(this.local() + (o.lo + o.hi) / 2);
  }

  /**
   * Seconds to wait so that a request sent after the wait is handled entirely within one
   * TOTP step on the endpoint, whatever its offset within the bounds and its latency.
   */
  waitForSafeStep(margin = 0.25): number {
    const o = this.offset();
    const start = this.local() + o.lo - margin;
    const end = this.local() + o.hi + this.maxLatency * 2 + margin;
    if (end - start >= TOTP.stepSeconds) return 0; // hopeless: predictions will admit both steps
    if (stepAt(start) === stepAt(end)) return 0;
    const boundary = (stepAt(start) + 1) * TOTP.stepSeconds;
    return boundary - start + 0.01;
  }
}
