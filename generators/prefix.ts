/**
 * Every resource a case creates is named `PREFIX + body`. The prefix has a fixed length and
 * only characters valid in every name shape, so a generator can aim at a total length (the
 * 64/65 and 128/129 edges) and an invalid name stays invalid for the reason its label says.
 */
export const RUN_ID_LENGTH = 5;
/** `imc` + run id + 5-character case number + `-`. */
export const CASE_PREFIX_LENGTH = 3 + RUN_ID_LENGTH + 5 + 1;

export function casePrefix(runId: string, caseNumber: number): string {
  if (!/^[a-z0-9]+$/.test(runId) || runId.length !== RUN_ID_LENGTH) throw new Error(`run id must be ${RUN_ID_LENGTH} characters [a-z0-9]`);
  return `imc${runId}${caseNumber.toString(36).padStart(5, '0').slice(-5)}-`;
}

/** The run prefix that `cleanup --prefix` and list filters use. */
export const runPrefix = (runId: string): string => `imc${runId}`;
