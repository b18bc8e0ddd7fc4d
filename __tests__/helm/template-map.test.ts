import { describe, expect, it } from 'vitest';
import { documentLine, mapDefines, mapTemplate, type TemplateEntry, type TemplateSection } from '../../src/load/helm/template-map.js';

const entry = (s: TemplateSection, path: string): TemplateEntry | undefined => s.entries.find((e) => e.path.join('.') === path);

describe('mapTemplate: the YAML structure of a Go template', () => {
  const text = [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'metadata:', // 3
    '  name: {{ include "x.fullname" . }}', // 4
    '  labels:', // 5
    '    {{- include "x.labels" . | nindent 4 }}', // 6
    'spec:', // 7
    '  template:', // 8
    '    spec:', // 9
    '      hostNetwork: {{ .Values.hostNetwork }}', // 10
    '      {{- with .Values.podSecurityContext }}', // 11
    '      securityContext:', // 12
    '        {{- toYaml . | nindent 8 }}', // 13
    '      {{- end }}', // 14
    '      containers:', // 15
    '      - name: web', // 16
    '        image: "{{ .Values.image.repo }}:{{ .Values.image.tag }}"', // 17
    '        command:', // 18
    '          - sh', // 19
    '          - -c', // 20
    '          - |', // 21
    '            echo privileged: true', // 22
    '            {{- range .Values.extra }}', // 23
    '            {{ . }}', // 24
    '            {{- end }}', // 25
    '        securityContext:', // 26
    '          privileged: true', // 27
    '      - name: {{ .Values.sidecar.name }}', // 28
    '        {{- $sc := .Values.sidecar.securityContext }}', // 29
    '        securityContext: {{- toYaml $sc | nindent 10 }}', // 30
    '      {{- with .Values.extraContainers }}', // 31
    '      {{- toYaml . | nindent 6 }}', // 32
    '      {{- end }}', // 33
  ].join('\n');
  const [s] = mapTemplate(text) as [TemplateSection];

  it('takes keys and list items at their columns as the object structure', () => {
    expect(entry(s, 'spec.template.spec.hostNetwork')).toMatchObject({ line: 10, column: 7, inline: true });
    expect(entry(s, 'spec.template.spec.containers.0.securityContext.privileged')).toMatchObject({ line: 27, column: 11, value: 'true' });
    expect(entry(s, 'spec.template.spec.containers.1')).toMatchObject({ line: 28, column: 7 });
    expect(entry(s, 'spec.template.spec.containers.0.name')).toMatchObject({ value: 'web' });
    expect(s.kinds).toEqual(['Deployment']);
    expect(documentLine(s, 'Deployment')).toBe(1);
  });

  it('skips block scalars, whose lines only look like keys', () => {
    expect(s.entries.some((e) => e.line >= 22 && e.line <= 25)).toBe(false);
    expect(entry(s, 'spec.template.spec.containers.0.command.2')).toMatchObject({ line: 21, inline: true });
  });

  it('knows which .Values path an entry prints whole', () => {
    expect(entry(s, 'spec.template.spec.hostNetwork')?.refs).toEqual([['hostNetwork']]);
    expect(entry(s, 'spec.template.spec.securityContext')?.refs).toEqual([['podSecurityContext']]);
    expect(entry(s, 'spec.template.spec.containers.1.securityContext')?.refs).toEqual([['sidecar', 'securityContext']]);
    expect(entry(s, 'spec.template.spec.containers')?.refs).toEqual([['extraContainers']]);
    // Two actions in one value: not one values path.
    expect(entry(s, 'spec.template.spec.containers.0.image')?.refs).toEqual([]);
  });

  it('records the named templates an entry includes', () => {
    expect(entry(s, 'metadata.labels')?.includes).toEqual(['x.labels']);
    expect(entry(s, 'metadata.name')?.includes).toEqual(['x.fullname']);
  });

  it('splits documents at --- and finds each one kind and start', () => {
    const sections = mapTemplate('kind: ConfigMap\napiVersion: v1\n---\n{{- if .Values.a }}\napiVersion: v1\nkind: Secret\n{{- else }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n');
    expect(sections).toHaveLength(2);
    expect(sections[1]?.kinds).toEqual(['Secret', 'ConfigMap']);
    expect(documentLine(sections[1] as TemplateSection, 'ConfigMap')).toBe(8);
    expect(documentLine(sections[1] as TemplateSection, 'Secret')).toBe(5);
  });

  it('never throws on text that is not YAML-shaped', () => {
    for (const t of ['', '{{', '}}: {{', '- - - -', ':\n:\n', '{{/* open comment\n', 'a: |\n', '\u0000\u0001']) {
      expect(() => mapTemplate(t)).not.toThrow();
    }
  });
});

describe('mapDefines: named templates', () => {
  it('maps each define body with its lines in the file', () => {
    const text = [
      '{{/*', // 1
      'A comment with {{ braces }}', // 2
      '*/}}', // 3
      '{{- define "x.pod" -}}', // 4
      'hostPID: {{ .Values.debug.hostPID }}', // 5
      '{{- if .Values.ipc }}', // 6
      'hostIPC: true', // 7
      '{{- end }}', // 8
      'securityContext:', // 9
      '  {{- toYaml .Values.podSecurityContext | nindent 2 }}', // 10
      '{{- end }}', // 11
      '{{- define "x.name" -}}{{ .Release.Name }}{{- end }}', // 12
    ].join('\n');
    const defines = mapDefines(text);
    expect(defines.map((d) => d.name)).toEqual(['x.pod', 'x.name']);
    const pod = defines[0]!.section;
    expect(entry(pod, 'hostPID')).toMatchObject({ line: 5, column: 1, refs: [['debug', 'hostPID']] });
    expect(entry(pod, 'hostIPC')).toMatchObject({ line: 7, value: 'true' });
    expect(entry(pod, 'securityContext')).toMatchObject({ line: 9, refs: [['podSecurityContext']] });
  });

  it('gives a define that prints values whole root references', () => {
    const [d] = mapDefines('{{- define "sc" -}}\n{{- if .Values.sc -}}\n{{- toYaml .Values.sc -}}\n{{- end -}}\n{{- end -}}\n');
    expect(d?.section.root.refs).toEqual([['sc']]);
  });
});
