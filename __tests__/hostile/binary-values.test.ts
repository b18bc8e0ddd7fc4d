// Base64 values whose bytes are not text (a keystore in a Secret, a gzip-compressed ConfigMap
// entry, gzip'd user data in a launch template) are ordinary in real repositories. OPA's Wasm
// string built-ins fail on invalid UTF-8, so a policy that decoded such a value and went on
// to trim or match it failed the whole gate (exit 2). Found by the property tests' long mode.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { withDefaults } from '../../src/config/config.js';
import { tempDir, terraformPlan as plan } from '../helpers.js';
import { timedScan } from './record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');
// Bytes that are not UTF-8: a PKCS#12 header, a lone 0xFF, gzip output.
const KEYSTORE = b64(Uint8Array.from([0x30, 0x82, 0x0a, 0x5c, 0x02, 0x01, 0x03, 0x30, 0x82, 0x0a, 0x16, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0xff]));
const USER_DATA = '#!/bin/bash\n/etc/eks/bootstrap.sh prod --kubelet-extra-args "--read-only-port=10255"\n';

describe('base64 values that are not text', () => {
  it('a Secret with a keystore and a ConfigMap with gzip bytes: findings, no internal error', () => {
    const dir = tempDir({
      'secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls-keystore\n  namespace: shop\ndata:\n  keystore.p12: ${KEYSTORE}\n  ff: /w==\n  word: latest\n`,
      'configmap.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blobs\n  namespace: shop\nbinaryData:\n  config.gz: ${b64(gzipSync('password=hunter2hunter2\n'))}\n`,
    }, 'epg-binary-');
    dirs.push(dir);
    const r = timedScan('binary values', 'Secret keystore, 0xFF, "latest"; ConfigMap gzip binaryData', dir);
    expect(r.errors).toEqual([]);
    const committed = r.findings.filter((f) => f.ruleId === 'EKS-DATA-007').map((f) => [f.location.file, f.location.line]);
    expect(committed).toEqual([['secret.yaml', 7], ['secret.yaml', 8], ['secret.yaml', 9]]);
    for (const f of r.findings) expect(f.message).not.toContain(KEYSTORE);
  });

  it('a launch template with gzip-compressed user data: no internal error; plain user data still checked', () => {
    const dir = tempDir({
      'gz.tfplan.json': plan([
        { type: 'aws_launch_template', name: 'gz', after: { name: 'gz', user_data: b64(gzipSync(USER_DATA)) } },
        { type: 'aws_instance', name: 'gz', after: { user_data_base64: b64(gzipSync(USER_DATA)) } },
        { type: 'aws_launch_template', name: 'plain', after: { name: 'plain', user_data: b64(USER_DATA) } },
      ]),
    }, 'epg-binary-');
    dirs.push(dir);
    const config = withDefaults({ terraform: { plans: ['*.tfplan.json'] } });
    const r = timedScan('binary values', 'launch template and instance with gzip user data', dir, config);
    expect(r.errors).toEqual([]);
    expect(r.documents).toBe(3);
    // The readable user data still weakens the kubelet (EKS-HOST-004); the gzip'd one cannot be read.
    const host = r.findings.filter((f) => f.ruleId === 'EKS-HOST-004').map((f) => f.resource?.name);
    expect(host).toEqual(['aws_launch_template.plain']);
  });
});
