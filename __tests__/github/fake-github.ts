// A local fake of the GitHub REST API for the action's tests. Every request is checked against
// GitHub's published OpenAPI description (@octokit/openapi): the route and method must exist,
// path and query parameters must be declared and well-typed, the JSON body must match the
// operation's request schema, and the token must be the one the runner gave. Whatever the fake
// answers is checked against the response schema too, so it answers as GitHub does. Anything
// wrong is recorded in `violations` (and answered 404/422 as GitHub would); tests assert that
// list is empty.
//
// Behaviours: code scanning enabled or not (403 "GitHub Code Security ... must be enabled"), a
// read-only token (fork and Dependabot pull requests: 403 "Resource not accessible by
// integration" on every write), no checks permission, SARIF processing states, pull request
// files, and injected faults (429 with retry-after, 500, 422, ...) for chosen routes.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}
interface Operation {
  operationId: string;
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { content?: Record<string, { schema?: Json }>; required?: boolean } | { $ref: string };
  responses: Record<string, Json>;
}
interface Route {
  method: string;
  template: string;
  regex: RegExp;
  names: string[];
  op: Operation;
  pointer: string;
}

const SPEC_FILE = path.resolve(__dirname, '../../node_modules/@octokit/openapi/generated/api.github.com.json');

let shared: { spec: Json; routes: Route[]; ajv: Ajv; cache: Map<string, ValidateFunction> } | undefined;

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function load() {
  if (shared) return shared;
  const spec = JSON.parse(fs.readFileSync(SPEC_FILE, 'utf8')) as Json;
  const ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, validateFormats: true });
  // Formats GitHub's description uses; the two that matter are checked, the others are labels.
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) });
  for (const f of ['int64', 'int32', 'double', 'repo.nwo', 'binary', 'date', 'uri-template', 'email', 'timestamp']) ajv.addFormat(f, true);
  // OpenAPI 3.0 leaves open whether `nullable` admits null past an `enum`; GitHub answers null
  // for such fields (a check run's conclusion while it runs), so the enum gets null too.
  JSON.stringify(spec, (_k, v: unknown) => {
    if (v && typeof v === 'object' && (v as Json).nullable === true && Array.isArray((v as Json).enum) && !((v as Json).enum as unknown[]).includes(null)) {
      ((v as Json).enum as unknown[]).push(null);
    }
    return v;
  });
  ajv.addSchema(spec, 'github');
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(spec.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const names: string[] = [];
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      routes.push({ method: method.toUpperCase(), template, regex: new RegExp(`^${source}$`), names, op, pointer: `#/paths/${escapePointer(template)}/${method}` });
    }
  }
  // Fewer parameters first: GET /repos/{o}/{r}/issues/comments is not /repos/{o}/{r}/issues/{n}.
  routes.sort((a, b) => a.names.length - b.names.length);
  shared = { spec, routes, ajv, cache: new Map() };
  return shared;
}

function deref<T>(spec: Json, v: T | { $ref: string }): T {
  let cur: unknown = v;
  for (let i = 0; i < 10 && cur && typeof cur === 'object' && '$ref' in (cur as Json); i++) {
    const ref = (cur as { $ref: string }).$ref;
    cur = ref
      .replace(/^#\//, '')
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((o, k) => (o as Json)?.[k], spec);
  }
  return cur as T;
}

function validator(pointer: string): ValidateFunction {
  const s = load();
  let v = s.cache.get(pointer);
  if (!v) {
    v = s.ajv.compile({ $ref: `github${pointer}` });
    s.cache.set(pointer, v);
  }
  return v;
}

function errorsText(v: ValidateFunction): string {
  return (v.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ');
}

function coerce(value: string, schema: Json | undefined): unknown {
  const type = schema?.type;
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

export interface Fault {
  /** operationId (e.g. `checks/create`) the fault applies to. */
  operation: string;
  status: number;
  /** How many times (default once). */
  times?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Answer only after this many milliseconds (longer than the client's time limit: a timeout). */
  delayMs?: number;
  /** Close the connection without an answer (a network error); `status` is then ignored. */
  reset?: boolean;
}

export interface FakeOptions {
  owner?: string;
  repo?: string;
  token?: string;
  /** Code scanning available (default true); false answers 403 as GitHub does without Code Security. */
  codeScanning?: boolean;
  /** A read-only token (fork and Dependabot pull requests): every write is 403. */
  readOnly?: boolean;
  /** The token has `checks: write` (default true). */
  checksWrite?: boolean;
  /** Successive processing states of an uploaded SARIF (default: complete). */
  sarifStates?: Array<'pending' | 'complete' | 'failed'>;
  sarifErrors?: string[];
  /** GET /pulls/{n}/files. */
  pullFiles?: Array<{ filename: string; status: string; previous_filename?: string }>;
  faults?: Fault[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  operation: string | undefined;
  status: number;
  at: number;
}

export interface UploadedSarif {
  id: string;
  commit_sha: string;
  ref: string;
  checkout_uri?: string;
  started_at?: string;
  tool_name?: string;
  gzippedBytes: number;
  log: { version?: string; runs: Array<{ results?: Array<Json & { suppressions?: unknown[]; baselineState?: string }>; automationDetails?: { id?: string }; properties?: Json }> };
}

export interface CheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion?: string;
  title?: string;
  summary?: string;
  annotations: Json[];
  requests: number;
  annotationsPerRequest: number[];
}

export interface Comment {
  id: number;
  body: string;
}

const FORBIDDEN_INTEGRATION = { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' };
const CODE_SCANNING_OFF = {
  message: 'GitHub Code Security or GitHub Advanced Security must be enabled for this repository to use code scanning.',
  documentation_url: 'https://docs.github.com/rest/code-scanning/code-scanning#upload-an-analysis-as-sarif-data',
  status: '403',
};

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly sarifs: UploadedSarif[] = [];
  readonly checkRuns: CheckRun[] = [];
  readonly comments: Comment[] = [];
  url = '';
  private server: http.Server | undefined;
  private nextId = 1000;
  private readonly sarifPolls = new Map<string, number>();
  private readonly faults: Array<Fault & { left: number }>;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;

  constructor(readonly opts: FakeOptions = {}) {
    this.owner = opts.owner ?? 'acme';
    this.repo = opts.repo ?? 'platform';
    this.token = opts.token ?? 'ghs_fakeTokenValue0123456789abcdefABCDEF';
    this.faults = (opts.faults ?? []).map((f) => ({ ...f, left: f.times ?? 1 }));
  }

  static async start(opts: FakeOptions = {}): Promise<FakeGitHub> {
    load();
    const fake = new FakeGitHub(opts);
    fake.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          fake.handle(req, Buffer.concat(chunks), res);
        } catch (e) {
          fake.violations.push(`fake server error: ${(e as Error).stack ?? String(e)}`);
          res.writeHead(500).end();
        }
      });
    });
    await new Promise<void>((resolve) => fake.server?.listen(0, '127.0.0.1', resolve));
    const address = fake.server.address() as { port: number };
    fake.url = `http://127.0.0.1:${address.port}`;
    return fake;
  }

  async close(): Promise<void> {
    // Delayed answers (timeout faults) and keep-alive connections must not hold the close.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Requests of one operation, e.g. `checks/create`. */
  calls(operation: string): RecordedRequest[] {
    return this.requests.filter((r) => r.operation === operation);
  }

  private handle(req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse): void {
    const { spec, routes } = load();
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const query = Object.fromEntries(url.searchParams.entries());
    const record: RecordedRequest = { method, path: url.pathname, query, body: undefined, operation: undefined, status: 0, at: Date.now() };
    this.requests.push(record);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}, documented = true) => {
      record.status = status;
      if (documented && record.operation) this.checkResponse(method, url.pathname, record.operation, status, body);
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...headers,
      });
      res.end(text);
    };

    const route = routes.find((r) => r.method === method && r.regex.test(url.pathname));
    if (!route) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's REST API`);
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, {}, false);
      return;
    }
    const op = route.op;
    record.operation = op.operationId;
    const problems: string[] = [];

    // Authentication: the runner's token, as Octokit sends it.
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      this.violations.push(`${method} ${url.pathname}: authorization header missing or not the token`);
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      return;
    }
    if (!req.headers['user-agent']) problems.push('no user-agent header (GitHub rejects requests without one)');

    // Parameters.
    const params = (op.parameters ?? []).map((p) => deref<Parameter>(spec, p));
    const values = route.regex.exec(url.pathname)?.slice(1) ?? [];
    const pathValues: Record<string, unknown> = {};
    route.names.forEach((name, i) => {
      const p = params.find((x) => x.in === 'path' && x.name === name);
      const value = coerce(decodeURIComponent(values[i] ?? ''), p?.schema);
      pathValues[name] = value;
      if (p?.schema && !load().ajv.validate(p.schema, value)) problems.push(`path parameter ${name}=${String(value)}: ${load().ajv.errorsText()}`);
    });
    if (pathValues.owner !== this.owner || pathValues.repo !== this.repo) {
      if ('owner' in pathValues) problems.push(`repository ${String(pathValues.owner)}/${String(pathValues.repo)} is not ${this.owner}/${this.repo}`);
    }
    for (const [name, value] of Object.entries(query)) {
      const p = params.find((x) => x.in === 'query' && x.name === name);
      if (!p) {
        problems.push(`query parameter ${name} is not declared for ${op.operationId}`);
        continue;
      }
      const v = coerce(value, p.schema);
      if (p.schema && !load().ajv.validate(p.schema, v)) problems.push(`query parameter ${name}=${value}: ${load().ajv.errorsText()}`);
      if (name === 'per_page' && Number(value) > 100) problems.push('per_page over 100 (GitHub caps it at 100)');
    }
    for (const p of params) if (p.required && p.in === 'query' && !(p.name in query)) problems.push(`required query parameter ${p.name} missing`);

    // Body.
    let body: unknown;
    const requestBody = op.requestBody ? deref<Exclude<Operation['requestBody'], { $ref: string } | undefined>>(spec, op.requestBody) : undefined;
    if (raw.length) {
      const type = String(req.headers['content-type'] ?? '');
      if (!type.startsWith('application/json')) problems.push(`content-type ${type || '(none)'} is not application/json`);
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        problems.push('body is not JSON');
      }
    }
    record.body = body;
    if (requestBody?.content?.['application/json']) {
      if (body === undefined && requestBody.required) problems.push('request body required');
      else if (body !== undefined) {
        const v = validator(`${route.pointer}/requestBody/content/application~1json/schema`);
        if (!v(body)) problems.push(`body does not match the schema: ${errorsText(v)}`);
      }
    } else if (body !== undefined && !(typeof body === 'object' && body && Object.keys(body).length === 0)) {
      problems.push(`${op.operationId} takes no body`);
    }
    if (problems.length) {
      this.violations.push(...problems.map((p) => `${method} ${url.pathname} (${op.operationId}): ${p}`));
      send(422, { message: 'Invalid request.', errors: problems, documentation_url: 'https://docs.github.com/rest', status: '422' }, {}, false);
      return;
    }

    // Injected faults.
    const fault = this.faults.find((f) => f.operation === op.operationId && f.left > 0);
    if (fault) {
      fault.left--;
      if (fault.reset) {
        record.status = 0;
        req.socket.destroy();
        return;
      }
      const answer = () => send(fault.status, fault.body ?? defaultFaultBody(fault.status), fault.headers ?? {}, false);
      if (fault.delayMs) {
        record.status = -1;
        const timer = setTimeout(() => {
          if (!res.destroyed) answer();
        }, fault.delayMs);
        res.on('close', () => clearTimeout(timer));
      } else answer();
      return;
    }
    const [status, answer, headers] = this.answer(op.operationId, pathValues, query, body as Json);
    send(status, answer, headers);
  }

  private checkResponse(method: string, pathname: string, operation: string, status: number, body: unknown): void {
    const { spec, routes } = load();
    const route = routes.find((r) => r.method === method && r.regex.test(pathname));
    if (!route) return;
    const response = route.op.responses[String(status)];
    let pointer: string;
    if (!response) {
      // Error statuses GitHub returns without documenting them per operation (403 for a
      // read-only token on check runs, say) carry GitHub's basic error body.
      if (status < 400) {
        this.violations.push(`fake answered ${status} to ${operation}, which GitHub does not document`);
        return;
      }
      pointer = '#/components/schemas/basic-error';
    } else {
      const resolved = deref<{ content?: Record<string, unknown> }>(spec, response as { $ref: string });
      if (!resolved.content?.['application/json']) return;
      pointer = typeof response.$ref === 'string'
        ? `${response.$ref}/content/application~1json/schema`
        : `${route.pointer}/responses/${status}/content/application~1json/schema`;
    }
    const v = validator(pointer);
    if (!v(body)) this.violations.push(`fake's ${status} answer to ${operation} does not match GitHub's schema: ${errorsText(v)}`);
  }

  private id(): number {
    return this.nextId++;
  }

  private answer(operation: string, p: Record<string, unknown>, query: Record<string, string>, body: Json): [number, unknown, Record<string, string>?] {
    const { spec } = load();
    const examples = spec.components as { examples: Record<string, { value: unknown }> };
    const api = `${this.url}/repos/${this.owner}/${this.repo}`;
    switch (operation) {
      case 'code-scanning/upload-sarif': {
        if (this.opts.readOnly) return [403, FORBIDDEN_INTEGRATION];
        if (this.opts.codeScanning === false) return [403, CODE_SCANNING_OFF];
        let log: UploadedSarif['log'];
        let gz: Buffer;
        try {
          gz = Buffer.from(String(body.sarif), 'base64');
          log = JSON.parse(gunzipSync(gz).toString('utf8')) as UploadedSarif['log'];
        } catch {
          return [400, undefined];
        }
        if (gz.length > 10 * 1000 * 1000) return [413, undefined];
        const id = randomUUID();
        const errors: string[] = [];
        if (log.version !== '2.1.0') errors.push(`rejecting SARIF: version ${String(log.version)} is not 2.1.0`);
        if ((log.runs?.length ?? 0) > 20) errors.push(`rejecting SARIF, as there are more runs than allowed (${log.runs.length} > 20)`);
        for (const run of log.runs ?? []) if ((run.results?.length ?? 0) > 25_000) errors.push(`rejecting SARIF: a run has ${run.results?.length} results, more than 25000`);
        this.sarifs.push({
          id,
          commit_sha: String(body.commit_sha),
          ref: String(body.ref),
          ...(body.checkout_uri ? { checkout_uri: String(body.checkout_uri) } : {}),
          ...(body.started_at ? { started_at: String(body.started_at) } : {}),
          ...(body.tool_name ? { tool_name: String(body.tool_name) } : {}),
          gzippedBytes: gz.length,
          log,
        });
        if (errors.length) this.sarifPolls.set(id, -1);
        return [202, { id, url: `${api}/code-scanning/sarifs/${id}` }];
      }
      case 'code-scanning/get-sarif': {
        const id = String(p.sarif_id);
        if (!this.sarifs.some((s) => s.id === id)) return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }];
        const n = this.sarifPolls.get(id) ?? 0;
        if (n < 0) return [200, { processing_status: 'failed', analyses_url: null, errors: ['rejecting SARIF: see the upload'] }];
        this.sarifPolls.set(id, n + 1);
        const states = this.opts.sarifStates ?? ['complete'];
        const state = states[Math.min(n, states.length - 1)] ?? 'complete';
        if (state === 'failed') return [200, { processing_status: 'failed', analyses_url: null, errors: this.opts.sarifErrors ?? ['locationFromSarifResult: expected artifact location'] }];
        return [200, { processing_status: state, analyses_url: state === 'complete' ? `${api}/code-scanning/analyses?sarif_id=${id}` : null, errors: null }];
      }
      case 'checks/create':
      case 'checks/update': {
        if (this.opts.readOnly || this.opts.checksWrite === false) return [403, FORBIDDEN_INTEGRATION];
        const output = (body.output ?? {}) as Json;
        const annotations = (output.annotations ?? []) as Json[];
        for (const a of annotations) {
          if (a.start_column !== undefined && a.start_line !== a.end_line) {
            return [422, { message: 'Validation Failed', errors: [{ resource: 'CheckRun', code: 'invalid', field: 'start_column' }], documentation_url: 'https://docs.github.com/rest/checks/runs', status: '422' }];
          }
          if (Number(a.end_line) < Number(a.start_line) || Number(a.start_line) < 1) {
            return [422, { message: 'Validation Failed', errors: [{ resource: 'CheckRun', code: 'invalid', field: 'end_line' }], documentation_url: 'https://docs.github.com/rest/checks/runs', status: '422' }];
          }
        }
        let run: CheckRun | undefined;
        if (operation === 'checks/create') {
          run = { id: this.id(), name: String(body.name), head_sha: String(body.head_sha), status: 'queued', annotations: [], requests: 0, annotationsPerRequest: [] };
          this.checkRuns.push(run);
        } else {
          run = this.checkRuns.find((r) => r.id === p.check_run_id);
          if (!run) return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }];
        }
        run.requests++;
        run.annotationsPerRequest.push(annotations.length);
        run.annotations.push(...annotations);
        if (typeof body.status === 'string') run.status = body.status;
        if (typeof body.conclusion === 'string') {
          run.conclusion = body.conclusion;
          run.status = 'completed';
        }
        if (typeof output.title === 'string') run.title = output.title;
        if (typeof output.summary === 'string') run.summary = output.summary;
        const template = structuredClone(examples.examples['check-run-example-of-completed-conclusion']?.value) as Json;
        const answer: Json = {
          ...template,
          id: run.id,
          name: run.name,
          head_sha: run.head_sha,
          status: run.status,
          conclusion: run.conclusion ?? null,
          completed_at: run.status === 'completed' ? new Date().toISOString() : null,
          url: `${api}/check-runs/${run.id}`,
          html_url: `${this.url.replace('127.0.0.1', 'localhost')}/${this.owner}/${this.repo}/runs/${run.id}`,
          details_url: typeof body.details_url === 'string' ? body.details_url : null,
          external_id: typeof body.external_id === 'string' ? body.external_id : '',
          output: {
            title: run.title ?? null,
            summary: run.summary ?? null,
            text: typeof output.text === 'string' ? output.text : null,
            annotations_count: run.annotations.length,
            annotations_url: `${api}/check-runs/${run.id}/annotations`,
          },
        };
        return [operation === 'checks/create' ? 201 : 200, answer];
      }
      case 'issues/list-comments': {
        const perPage = Math.min(Number(query.per_page ?? 30), 100);
        const page = Number(query.page ?? 1);
        const items = this.comments.slice((page - 1) * perPage, page * perPage).map((c) => this.commentJson(c, Number(p.issue_number)));
        return [200, items, this.link(`/repos/${this.owner}/${this.repo}/issues/${String(p.issue_number)}/comments`, page, perPage, this.comments.length)];
      }
      case 'issues/create-comment': {
        if (this.opts.readOnly) return [403, FORBIDDEN_INTEGRATION];
        const c = { id: this.id(), body: String(body.body) };
        this.comments.push(c);
        return [201, this.commentJson(c, Number(p.issue_number)), { location: `${api}/issues/comments/${c.id}` }];
      }
      case 'issues/update-comment': {
        if (this.opts.readOnly) return [403, FORBIDDEN_INTEGRATION];
        const c = this.comments.find((x) => x.id === p.comment_id);
        if (!c) return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }];
        c.body = String(body.body);
        return [200, this.commentJson(c, 1)];
      }
      case 'pulls/list-files': {
        const all = (this.opts.pullFiles ?? []).slice(0, 3000);
        const perPage = Math.min(Number(query.per_page ?? 30), 100);
        const page = Number(query.page ?? 1);
        const items = all.slice((page - 1) * perPage, page * perPage).map((f) => ({
          sha: 'bbcd538c8e72b8c175046e27cc8f907076331401',
          filename: f.filename,
          status: f.status,
          additions: 1,
          deletions: 0,
          changes: 1,
          blob_url: `https://github.com/${this.owner}/${this.repo}/blob/x/${f.filename}`,
          raw_url: `https://github.com/${this.owner}/${this.repo}/raw/x/${f.filename}`,
          contents_url: `${api}/contents/${f.filename}?ref=x`,
          ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
        }));
        return [200, items, this.link(`/repos/${this.owner}/${this.repo}/pulls/${String(p.pull_number)}/files`, page, perPage, all.length)];
      }
      default:
        this.violations.push(`the action called ${operation}, which the fake does not expect`);
        return [404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }];
    }
  }

  private commentJson(c: Comment, issue: number): Json {
    const { spec } = load();
    const template = structuredClone((spec.components as { examples: Record<string, { value: unknown }> }).examples['issue-comment']?.value) as Json;
    return {
      ...template,
      id: c.id,
      body: c.body,
      url: `${this.url}/repos/${this.owner}/${this.repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${this.owner}/${this.repo}/pull/${issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${this.owner}/${this.repo}/issues/${issue}`,
      user: { ...(template.user as Json), login: 'github-actions[bot]', type: 'Bot' },
    };
  }

  private link(pathname: string, page: number, perPage: number, total: number): Record<string, string> {
    const last = Math.max(1, Math.ceil(total / perPage));
    if (page >= last) return {};
    const at = (n: number) => `<${this.url}${pathname}?per_page=${perPage}&page=${n}>`;
    return { link: `${at(page + 1)}; rel="next", ${at(last)}; rel="last"` };
  }
}

function defaultFaultBody(status: number): unknown {
  switch (status) {
    case 429:
    case 403:
      return { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: String(status) };
    case 422:
      return { message: 'Validation Failed', errors: [{ resource: 'Unknown', code: 'invalid' }], documentation_url: 'https://docs.github.com/rest', status: '422' };
    case 500:
      return { message: 'Server Error' };
    case 502:
    case 503:
      return { message: 'Service Unavailable' };
    default:
      return { message: `HTTP ${status}` };
  }
}
