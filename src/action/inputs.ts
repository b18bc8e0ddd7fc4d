// The action's inputs (action.yml), read and checked once. A wrong value fails the step with
// the input's name and the values it accepts.
import * as core from '@actions/core';
import { UsageError } from '../errors.js';
import { GATE_MODES, type GateMode } from '../gate/baseline.js';
import { SEVERITIES, type Severity } from '../model.js';

export interface Inputs {
  paths: string[];
  config: string;
  configGiven: boolean;
  /** Custom policies (directories or bundles); replace the configuration's `policies`. */
  policies: string[];
  gate: GateMode;
  threshold: Severity;
  uploadSarif: 'auto' | 'true' | 'false';
  sarifFile: string;
  category: string;
  annotations: 'auto' | 'checks' | 'commands' | 'none';
  summary: boolean;
  prComment: boolean;
  token: string;
  fail: boolean;
  /** `fail-on-error`; undefined: the configuration's (default true). */
  failOnError?: boolean;
}

export const DEFAULT_CONFIG = '.eks-policy-gate.yaml';

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`input ${name}: "${value}" is not one of ${allowed.join(', ')}. Fix the step's \`with:\`.`);
}

function bool(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^(false|no|off)$/i.test(raw)) return false;
  throw new UsageError(`input ${name}: "${raw}" is not a boolean. Use true or false.`);
}

export function readInputs(): Inputs {
  const paths = core.getMultilineInput('paths').flatMap((l) => l.split(/\s+/)).filter(Boolean);
  const configRaw = core.getInput('config').trim();
  const upload = core.getInput('upload-sarif').trim().toLowerCase() || 'auto';
  return {
    paths: paths.length ? paths : ['.'],
    config: configRaw || DEFAULT_CONFIG,
    configGiven: configRaw !== '' && configRaw !== DEFAULT_CONFIG,
    policies: core.getMultilineInput('policies').flatMap((l) => l.split(/\s+/)).filter(Boolean),
    gate: oneOf('gate', core.getInput('gate').trim() || 'new', GATE_MODES),
    threshold: oneOf('severity-threshold', core.getInput('severity-threshold').trim() || 'high', SEVERITIES),
    uploadSarif: oneOf('upload-sarif', upload === 'always' ? 'true' : upload === 'never' ? 'false' : upload, ['auto', 'true', 'false'] as const),
    sarifFile: core.getInput('sarif-file').trim() || 'eks-policy-gate.sarif',
    category: core.getInput('category').trim(),
    annotations: oneOf('annotations', core.getInput('annotations').trim() || 'auto', ['auto', 'checks', 'commands', 'none'] as const),
    summary: bool('summary', true),
    prComment: bool('pr-comment', false),
    token: core.getInput('token').trim(),
    fail: bool('fail', true),
    ...(core.getInput('fail-on-error').trim() ? { failOnError: bool('fail-on-error', true) } : {}),
  };
}
