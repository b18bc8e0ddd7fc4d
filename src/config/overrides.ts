// Command-line (and action-input) values that replace configuration keys for one run:
// `--policies` replaces `policies:`, `--framework` replaces `frameworks:`. They are written
// into the configuration, so every scan of the run (a base-revision scan too) sees them.
import path from 'node:path';
import { FRAMEWORKS, unknownFrameworks } from '../compliance/frameworks.js';
import { UsageError } from '../errors.js';
import type { Config } from './config.js';

export interface Overrides {
  /** Policy directories or bundles, relative to `base`. */
  policies?: string[] | undefined;
  /** Framework keys; each item may hold several, separated by commas. */
  frameworks?: string[] | undefined;
}

/** Splits "a,b" items, trims, drops empties. */
export function splitList(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(/[,\s]+/)).filter(Boolean);
}

export function applyOverrides(config: Config, o: Overrides, base: string, flag = { policies: '--policies', frameworks: '--framework' }): Config {
  const raw = { ...config.raw };
  if (o.policies && o.policies.length > 0) raw.policies = o.policies.map((p) => path.resolve(base, p));
  if (o.frameworks && o.frameworks.length > 0) {
    const keys = splitList(o.frameworks);
    const unknown = unknownFrameworks(keys);
    if (unknown.length) throw new UsageError(`${flag.frameworks} ${unknown.join(', ')}: use one of ${FRAMEWORKS.join(', ')} (docs/compliance.md).`);
    raw.frameworks = [...new Set(keys)];
  }
  return { ...config, raw };
}
