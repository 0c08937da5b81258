/** The limits in force for this process: limits.ts's defaults, overridden by CPSLINT_LIMITS (glue: reads the environment). */
import { parseLimits, type Limits } from './service/limits';

let cached: { limits: Limits; errors: string[] } | undefined;

/** Parsed once per process; `errors` name what in CPSLINT_LIMITS was not understood. */
export function envLimits(): { limits: Limits; errors: string[] } {
  if (!cached) {
    cached = parseLimits(process.env.CPSLINT_LIMITS);
    // The server's older variable keeps working.
    const legacy = Number(process.env.CPSLINT_MAX_DOCUMENT_CHARS);
    if (legacy > 0 && !/maxDocumentChars/.test(process.env.CPSLINT_LIMITS ?? '')) cached.limits.maxDocumentChars = legacy;
  }
  return cached;
}

export function limits(): Limits {
  return envLimits().limits;
}
