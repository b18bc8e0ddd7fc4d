#!/usr/bin/env node
// Runs a TypeScript script of scripts/bench/ by bundling it with esbuild first.
import * as esbuild from 'esbuild';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'epg-run-')), 'script.mjs');
await esbuild.build({
  entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(out).href);
