import fs from 'node:fs';

export const NAME = 'eks-policy-gate';
export const INFORMATION_URI = 'https://github.com/eks-policy-gate/eks-policy-gate';

// The build replaces this with package.json's version; tests running src/ read package.json.
declare const __EKS_POLICY_GATE_VERSION__: string | undefined;

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export const VERSION: string = typeof __EKS_POLICY_GATE_VERSION__ === 'string' ? __EKS_POLICY_GATE_VERSION__ : packageVersion();
