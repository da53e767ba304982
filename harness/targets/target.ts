/** Something to run against. Targets plug in here; the engine never knows which one it has. */
export interface TargetHandle {
  readonly endpoint: string;
  readonly kind: string;
  /** True for the embedded reference: the run tested the suite's own model, nothing external. */
  readonly selfCheck: boolean;
  readonly version?: string;
  /** Per-run isolation the endpoint offers (e.g. moto's account header). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Credentials the target wants (e.g. a per-run account as the access key id). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  stop(): Promise<void>;
}

export interface Target {
  readonly kind: string;
  start(): Promise<TargetHandle>;
}
