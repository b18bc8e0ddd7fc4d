// The example workflow is ready to copy: it uses only inputs action.yml declares, asks for the
// least permissions the action needs, and runs on the events the action handles.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { ROOT } from '../helpers.js';

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
}

describe('examples/workflows/eks-policy-gate.yml', () => {
  const workflow = yaml.load(fs.readFileSync(path.join(ROOT, 'examples/workflows/eks-policy-gate.yml'), 'utf8')) as Workflow;
  const action = yaml.load(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> };

  it('uses only declared inputs and outputs', () => {
    const step = Object.values(workflow.jobs).flatMap((j) => j.steps).find((s) => s.uses?.startsWith('eks-policy-gate/eks-policy-gate@'));
    expect(step).toBeDefined();
    for (const key of Object.keys(step?.with ?? {})) expect(Object.keys(action.inputs)).toContain(key);
    const text = fs.readFileSync(path.join(ROOT, 'examples/workflows/eks-policy-gate.yml'), 'utf8');
    for (const m of text.matchAll(/steps\.gate\.outputs\.([a-z-]+)/g)) expect(Object.keys(action.outputs)).toContain(m[1]);
  });

  it('asks for the minimal permissions, no write beyond code scanning and checks', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', checks: 'write', 'pull-requests': 'read' });
  });

  it('runs on pull requests, the merge queue, pushes and manual runs, without path filters', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['merge_group', 'pull_request', 'push', 'workflow_dispatch']);
    expect(JSON.stringify(workflow.on)).not.toMatch(/paths/);
  });
});
