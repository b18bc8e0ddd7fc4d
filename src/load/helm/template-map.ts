// An approximate map of a Helm template's YAML structure, to find the template line that
// produced a field of a rendered object.
//
// Written by hand because no library parses Go-template YAML: the file is not YAML until it is
// rendered, and Helm keeps no line map (platform.md §8). The map reads the template line by
// line, takes `key:` and `- ` at their columns as YAML structure (template actions are masked
// first), and follows control flow (`with`/`range`/`if` ... `end`) and `$var :=` assignments to
// know which `.Values` path a `toYaml .` or `{{ .Values.x }}` emits, and which named template an
// `include` inserts. It is a heuristic: callers match paths against it and fall back to coarser
// locations when it has no answer.

/** A step of a template path: a mapping key, `*` for a templated key, or an item ordinal. */
export type TemplateStep = string | number;

/** A `key:` line or a `- ` item of the template (or a section's root, with an empty path). */
export interface TemplateEntry {
  /** 1-based line and column of the key (or of the item's dash). */
  line: number;
  column: number;
  path: TemplateStep[];
  /** `.Values` paths that emit this entry's whole value or part of its content. */
  refs: string[][];
  /** Named templates (`include "x"`) that emit this entry's value or part of its content. */
  includes: string[];
  /** The entry has literal children (keys or items written in the template). */
  literalChildren: boolean;
  /** The entry's value is written inline on its line. */
  inline: boolean;
  /** The inline value when it is a plain literal (no template action). */
  value?: string;
}

export interface TemplateSection {
  /** 1-based first line (after a `---` separator) and last line. */
  startLine: number;
  endLine: number;
  /** The literal `kind:` values at the top level (several when `if`/`else` pick one). */
  kinds: string[];
  /** Line where the document starts (its first top-level key), else the section's first line. */
  docLine: number;
  /** Starts of the documents the section can write (`apiVersion:` lines), with their kinds. */
  starts: { line: number; kind?: string }[];
  /** The section's top level: what it emits outside any key (a named template's body, say). */
  root: TemplateEntry;
  entries: TemplateEntry[];
}

type Frame = { kind: 'with'; dot: string[] | null } | { kind: 'range' } | { kind: 'define' } | { kind: 'if' };

interface Scope {
  frames: Frame[];
  vars: Map<string, string[] | null>;
}

const ACTION = /\{\{([\s\S]*?)\}\}/g;
const MASK = '\uE000';
const MASKS = /\uE000/g;
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+(.*))?$/;
const BLOCK_SCALAR = /^[|>][-+0-9]*[ \t]*(#.*)?$/;
const PIPE_OK = /^(quote|squote|toYaml|toJson|toString|int|int64|float64|trim|nindent\s+\d+|indent\s+\d+|default\s+\S+)$/;
const INCLUDE = /^(?:include|template)\s+"([^"]+)"/;

function unquote(key: string): string {
  if (key.startsWith('"')) {
    try {
      return JSON.parse(key) as string;
    } catch {
      return key.slice(1, -1);
    }
  }
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key.trim();
}

/** The values path `.` stands for: 'root' at the top (the chart's context), null when unknown. */
function dotPath(scope: Scope): string[] | null | 'root' {
  for (let i = scope.frames.length - 1; i >= 0; i--) {
    const f = scope.frames[i] as Frame;
    if (f.kind === 'with') return f.dot;
    if (f.kind === 'range') return null;
  }
  return 'root';
}

/** The `.Values` path an operand names, or null. */
function operandPath(op: string, scope: Scope): string[] | null {
  let o = op.trim();
  while (o.startsWith('(') && o.endsWith(')')) o = o.slice(1, -1).trim();
  let m = /^\$?\.Values((?:\.[A-Za-z0-9_]+)*)$/.exec(o);
  if (m) return (m[1] ?? '').split('.').filter(Boolean);
  m = /^\.((?:[A-Za-z0-9_]+)(?:\.[A-Za-z0-9_]+)*)?$/.exec(o);
  if (m) {
    const dot = dotPath(scope);
    if (dot === 'root' || dot === null) return null;
    return [...dot, ...(m[1] ?? '').split('.').filter(Boolean)];
  }
  m = /^(\$[A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+)*)$/.exec(o);
  if (m) {
    const base = scope.vars.get(m[1] as string);
    if (!base) return null;
    return [...base, ...(m[2] ?? '').split('.').filter(Boolean)];
  }
  return null;
}

/** The `.Values` path an action emits whole (`toYaml .Values.x`, `.Values.x | quote`), or null. */
function emittedPath(body: string, scope: Scope): string[] | null {
  const stages = body.split('|').map((s) => s.trim());
  if (!stages.slice(1).every((s) => PIPE_OK.test(s))) return null;
  let head = stages[0] ?? '';
  let m = /^tpl\s+\(\s*toYaml\s+(.+?)\s*\)\s+\S+$/.exec(head);
  if (m) head = m[1] as string;
  m = /^(?:toYaml|quote|squote|toString|int|int64|trim)\s+(.+)$/.exec(head);
  if (m) head = m[1] as string;
  m = /^default\s+(?:"[^"]*"|'[^']*'|\S+)\s+(.+)$/.exec(head);
  if (m) head = m[1] as string;
  return operandPath(head, scope);
}

/** Applies an action's control flow to the scope; returns true when it emits output. */
function control(body: string, scope: Scope): boolean {
  const b = body.trim();
  if (b.startsWith('/*')) return false;
  let m = /^with\s+(?:(\$[A-Za-z0-9_]+)\s*:?=\s*)?(.+)$/.exec(b);
  if (m) {
    const p = operandPath(m[2] as string, scope);
    if (m[1]) scope.vars.set(m[1], p);
    scope.frames.push({ kind: 'with', dot: p });
    return false;
  }
  if (/^range\b/.test(b)) {
    scope.frames.push({ kind: 'range' });
    return false;
  }
  if (/^(define|block)\b/.test(b)) {
    scope.frames.push({ kind: 'define' });
    return false;
  }
  if (/^if\b/.test(b)) {
    scope.frames.push({ kind: 'if' });
    return false;
  }
  if (/^else\b/.test(b)) {
    // The `else` of a `with` runs with the outer dot.
    const top = scope.frames[scope.frames.length - 1];
    if (top && top.kind === 'with') scope.frames[scope.frames.length - 1] = { kind: 'if' };
    return false;
  }
  if (/^end\b/.test(b)) {
    scope.frames.pop();
    return false;
  }
  m = /^(\$[A-Za-z0-9_]+)\s*:?=\s*(.+)$/.exec(b);
  if (m) {
    scope.vars.set(m[1] as string, emittedPath(m[2] as string, scope));
    return false;
  }
  return true;
}

interface Open {
  column: number;
  entry: TemplateEntry;
  item: boolean;
  items: number;
}

interface Action {
  emits: boolean;
  path: string[] | null;
  include?: string;
  nindent?: number;
}

const newEntry = (line: number, column: number, path: TemplateStep[], inline: boolean): TemplateEntry => ({
  line, column, path, refs: [], includes: [], literalChildren: false, inline,
});

const newSection = (startLine: number): TemplateSection => ({
  startLine, endLine: startLine, kinds: [], docLine: 0, starts: [], root: newEntry(startLine, 1, [], false), entries: [],
});

function attach(entry: TemplateEntry, a: Action): void {
  if (a.path) entry.refs.push(a.path);
  if (a.include) entry.includes.push(a.include);
}

/** The line where a document of this kind starts in the section. */
export function documentLine(section: TemplateSection, kind: string): number {
  return section.starts.find((s) => s.kind === kind)?.line ?? section.starts[0]?.line ?? section.docLine;
}

/**
 * Parses a template into sections (one per `---`) with their entries. `firstLine` numbers the
 * text's first line (for a named template's body inside a file).
 */
export function mapTemplate(text: string, firstLine = 1): TemplateSection[] {
  const lines = text.split(/\r?\n/);
  const sections: TemplateSection[] = [];
  const scope: Scope = { frames: [], vars: new Map() };
  let section = newSection(firstLine);
  let stack: Open[] = [];
  const rootOpen = (): Open => ({ column: -1, entry: section.root, item: false, items: 0 });
  let root = rootOpen();
  let blockScalar = -1; // column of the entry whose block scalar we are inside
  let pending = ''; // an action left open across lines
  const finish = (endLine: number) => {
    section.endLine = endLine;
    if (!section.docLine) section.docLine = section.startLine;
    sections.push(section);
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + firstLine;
    let raw = lines[i] as string;
    if (pending) {
      raw = pending + '\n' + raw;
      pending = '';
    }
    const opens = raw.split('{{').length - 1;
    const closes = raw.split('}}').length - 1;
    if (opens > closes && i + 1 < lines.length) {
      pending = raw;
      continue;
    }
    if (/^---(\s|$)/.test(raw) && blockScalar < 0) {
      finish(lineNo - 1);
      section = newSection(lineNo + 1);
      stack = [];
      root = rootOpen();
      continue;
    }
    // Mask actions (keeping columns) and apply their control flow in order.
    const actions: Action[] = [];
    const masked = raw.replace(ACTION, (whole, inner: string) => {
      const body = inner.replace(/^-\s*/, '').replace(/\s*-$/, '');
      const emits = control(body, scope);
      const ni = /\|\s*n?indent\s+(\d+)\s*$/.exec(body);
      const inc = emits ? INCLUDE.exec(body.trim()) : null;
      actions.push({
        emits,
        path: emits ? emittedPath(body, scope) : null,
        ...(inc ? { include: inc[1] as string } : {}),
        ...(ni ? { nindent: Number(ni[1]) } : {}),
      });
      return MASK.repeat(whole.length);
    }).split('\n').pop() as string;
    const indent = /^[ \t]*/.exec(masked)?.[0].length ?? 0;
    const rest = masked.slice(indent);
    const literal = rest.replace(MASKS, '').trim();

    if (blockScalar >= 0) {
      if (literal === '' || indent > blockScalar) continue;
      blockScalar = -1;
    }
    if (literal === '' || literal.startsWith('#')) {
      // A line of actions only: what it emits belongs to the nearest open entry left of it.
      for (const a of actions) {
        if (!a.emits || (!a.path && !a.include)) continue;
        const col = a.nindent ?? indent;
        let target: Open = root;
        for (let s = stack.length - 1; s >= 0; s--) {
          const o = stack[s] as Open;
          if (o.column < col) {
            target = o;
            break;
          }
          // Items emitted at the column of a list's items are more items of that list.
          if (o.item && o.column === col) {
            target = stack[s - 1] ?? root;
            break;
          }
        }
        if (!target.entry.inline) attach(target.entry, a);
      }
      continue;
    }

    // Structure: `- ` items, then an optional `key:`.
    let col = indent;
    let text = rest;
    const parentOf = (c: number, item: boolean): Open => {
      while (stack.length) {
        const top = stack[stack.length - 1] as Open;
        if (top.column > c || (top.column === c && (item ? top.item : true))) stack.pop();
        else break;
      }
      return stack[stack.length - 1] ?? root;
    };
    const push = (parent: Open, step: TemplateStep, c: number, item: boolean, inline: boolean) => {
      parent.entry.literalChildren = true;
      const entry = newEntry(lineNo, c + 1, [...parent.entry.path, step], inline);
      section.entries.push(entry);
      const open: Open = { column: c, entry, item, items: 0 };
      stack.push(open);
      return open;
    };
    // A value that is one action: `key: {{ .Values.x | quote }}`, `- {{ include "y" . }}`.
    const single = (value: string): Action | undefined => {
      const whole = value.trim().replace(/^["']|["']$/g, '');
      if (!/^\uE000+$/.test(whole) || actions.length === 0) return undefined;
      const last = actions[actions.length - 1];
      return last?.emits ? last : undefined;
    };
    let lastOpen: Open | undefined;
    for (;;) {
      const dash = /^-([ \t]+|$)/.exec(text);
      if (!dash) break;
      const parent = parentOf(col, true);
      lastOpen = push(parent, parent.items++, col, true, false);
      col += dash[0].length;
      text = text.slice(dash[0].length);
    }
    const key = KEY.exec(text);
    if (key) {
      const k = key[1] as string;
      const value = (key[2] ?? '').trim();
      const name = k.includes(MASK) ? '*' : unquote(k);
      const parent = parentOf(col, false);
      const inline = value !== '' && !value.startsWith('#');
      const open = push(parent, name, col, false, inline && !BLOCK_SCALAR.test(value));
      if (parent === root && !section.docLine) section.docLine = lineNo;
      if (parent === root && name === 'apiVersion') section.starts.push({ line: lineNo });
      if (inline) {
        if (BLOCK_SCALAR.test(value)) blockScalar = col;
        else {
          const a = single(value);
          if (a) attach(open.entry, a);
          if (!value.includes(MASK)) open.entry.value = unquote(value.replace(/\s+#.*$/, ''));
          if (name === 'kind' && parent === root && /^[A-Za-z0-9]+$/.test(value)) {
            section.kinds.push(value);
            const last = section.starts[section.starts.length - 1];
            if (last && last.kind === undefined) last.kind = value;
            else section.starts.push({ line: lineNo, kind: value });
          }
        }
      }
    } else if (lastOpen) {
      // `- value`, `- {{ ... }}`, or a block scalar item (`- |`).
      if (BLOCK_SCALAR.test(text.trim())) blockScalar = lastOpen.column;
      lastOpen.entry.inline = true;
      const a = single(text);
      if (a) attach(lastOpen.entry, a);
    }
  }
  finish(lines.length + firstLine - 1);
  return sections;
}

/** A named template (`{{ define "name" }}`) and where its body starts. */
export interface Define {
  name: string;
  section: TemplateSection;
}

const BLOCK_OPEN = /^(if|range|with|define|block)\b/;

/** The named templates a file defines, each body mapped as one section. */
export function mapDefines(text: string): Define[] {
  const out: Define[] = [];
  const re = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
  let depth = 0;
  let current: { name: string; bodyStart: number } | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = (m[1] as string).trim();
    if (body.startsWith('/*')) continue;
    const def = /^define\s+"([^"]+)"/.exec(body);
    if (def && depth === 0) {
      current = { name: def[1] as string, bodyStart: m.index + m[0].length };
      depth = 1;
      continue;
    }
    if (BLOCK_OPEN.test(body)) depth++;
    else if (/^end\b/.test(body)) {
      depth--;
      if (depth === 0 && current) {
        const bodyText = text.slice(current.bodyStart, m.index);
        const firstLine = text.slice(0, current.bodyStart).split('\n').length;
        const [section] = mapTemplate(bodyText.replace(/\n---(?=\s)/g, '\n#--'), firstLine);
        if (section) out.push({ name: current.name, section });
        current = undefined;
      }
      if (depth < 0) depth = 0;
    }
  }
  return out;
}
