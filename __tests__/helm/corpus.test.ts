// The five upstream charts of the shared corpus, rendered offline in place (skipped when the
// corpus is absent). Prints, per chart, the render time and where its findings land:
//   npx vitest run __tests__/helm/corpus.test.ts
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { withDefaults } from '../../src/config/config.js';
import { buildInput } from '../../src/evaluate/input.js';
import { explainHelmLocation, loadCharts } from '../../src/load/helm/index.js';
import type { LocatedBy } from '../../src/load/helm/locate.js';
import { policy, scan } from '../../src/scan.js';
import { CORPUS } from '../helpers.js';

const HELM = path.join(CORPUS, 'helm');
const CHARTS = ['aws-load-balancer-controller', 'ingress-nginx', 'kube-state-metrics', 'prometheus', 'prometheus-node-exporter'];
// clusterName is required by the chart (its README's offline example sets it the same way).
const config = withDefaults({ helm: [{ chart: 'aws-load-balancer-controller', set: { clusterName: 'test' } }] });

describe.skipIf(!fs.existsSync(HELM))('corpus charts (../shared/corpus/helm)', () => {
  const inputs = CHARTS.map((c) => ({ abs: path.join(HELM, c), rel: c, explicit: false }));
  const out = loadCharts(inputs, { root: HELM, config, scanned: [HELM] });
  const docs = out.documents.map((d, id) => ({ ...d, id }));
  const raw = policy().engine.evaluate(buildInput(docs, config));
  const located = raw.flatMap((f) => {
    const d = f.doc === undefined ? undefined : docs[f.doc];
    const e = d ? explainHelmLocation(d.object, f.path ?? []) : undefined;
    return d && e ? [{ rule: f.rule, chart: d.file.split('/')[0] as string, ...e }] : [];
  });

  it('render offline, prometheus with its vendored subcharts', () => {
    expect(out.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(out.renders.map((r) => [r.target, r.ok])).toEqual(CHARTS.map((c) => [c, true]));
    for (const r of out.renders) expect(r.objects, r.target).toBeGreaterThan(0);
    const files = new Set(docs.map((d) => d.file));
    for (const sub of ['alertmanager', 'kube-state-metrics', 'prometheus-node-exporter', 'prometheus-pushgateway']) {
      expect([...files].some((f) => f.startsWith(`prometheus/charts/${sub}/templates/`)), sub).toBe(true);
    }
  });

  it('point every finding into the chart: a template, a helper it includes, or a values file', () => {
    expect(located.length).toBeGreaterThan(0);
    for (const f of located) {
      expect(f.location.file, `${f.rule} ${f.location.file}`).toMatch(new RegExp(`^${f.chart}/(charts/[^/]+/)*(templates/.+|values\\.yaml)$`));
      const lines = fs.readFileSync(path.join(HELM, f.location.file), 'utf8').split('\n').length;
      expect(f.location.line).toBeGreaterThanOrEqual(1);
      expect(f.location.line).toBeLessThanOrEqual(lines);
    }
    for (const c of CHARTS) {
      expect(located.some((f) => f.chart === c && f.location.file.includes('/templates/') && f.by !== 'document-start'), c).toBe(true);
    }
  });

  it('prints where findings land and how long each chart takes to render', () => {
    const kinds: LocatedBy[] = ['template-key', 'template-ancestor', 'helper', 'values', 'set', 'document-start', 'chart'];
    const head = ['chart', 'render ms', 'objects', 'findings', 'template line', 'values line', 'template file only', ...kinds];
    const rows = CHARTS.map((c) => {
      const mine = located.filter((f) => f.chart === c);
      const n = (k: LocatedBy) => mine.filter((f) => f.by === k).length;
      const render = out.renders.find((r) => r.target === c);
      return [
        c, Math.round(render?.ms ?? 0), render?.objects ?? 0, mine.length,
        n('template-key') + n('template-ancestor') + n('helper'), n('values') + n('set'), n('document-start') + n('chart'),
        ...kinds.map(n),
      ];
    });
    const rules = [...new Set(located.map((f) => f.rule))].sort();
    console.log(
      [`Helm corpus: where findings land (${located.length} findings of ${rules.length} rules: ${rules.join(' ')})`,
        `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n'),
    );
    for (const f of located.filter((x) => x.by === 'document-start' || x.by === 'template-ancestor')) {
      console.log(`  ${f.by}: ${f.rule} ${f.location.file}:${f.location.line}`);
    }
    expect(rows.reduce((a, r) => a + (r[3] as number), 0)).toBe(located.length);
  });

  it('without configuration, the chart that needs a value reports so at the template line', () => {
    const r = scan({ paths: [path.join(HELM, 'aws-load-balancer-controller')], root: HELM, config: withDefaults({}) });
    const failed = r.findings.filter((f) => f.ruleId === 'EKS-INPUT-010');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.location).toMatchObject({ file: 'aws-load-balancer-controller/templates/deployment.yaml', line: 67 });
    expect(failed[0]?.message).toContain('clusterName');
  });
});
