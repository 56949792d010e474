/**
 * Counters and gauges a monitoring system scrapes at /api/metrics, in Prometheus' text format.
 * Labels are bounded: routes are patterns (`/api/commitments/{id}`), never raw paths.
 */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly refusals = new Map<string, number>();
  private readonly gauges = new Map<string, { help: string; read: () => number | Record<string, number> }>();

  request(method: string, route: string, status: number): void {
    const key = `method="${method}",route="${route}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  refusal(code: string): void {
    const key = `code="${code.replace(/[^a-z0-9-]/gi, '')}"`;
    this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
  }

  /** A value read when scraped; a record gives one series per label value. */
  gauge(name: string, help: string, read: () => number | Record<string, number>): void {
    this.gauges.set(name, { help, read });
  }

  text(): string {
    const out: string[] = [];
    const counter = (name: string, help: string, values: Map<string, number>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) out.push(`${name}{${labels}} ${value}`);
    };
    counter('tablero_http_requests_total', 'HTTP requests answered, by route pattern and status.', this.requests);
    counter('tablero_write_refusals_total', 'Writes the gateway refused, by reason code.', this.refusals);
    for (const [name, { help, read }] of this.gauges) {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
      const value = read();
      if (typeof value === 'number') out.push(`${name} ${value}`);
      else for (const [label, v] of Object.entries(value)) out.push(`${name}{${label}} ${v}`);
    }
    return `${out.join('\n')}\n`;
  }
}

const ROUTES: [RegExp, string][] = [
  [/^\/db\/_session$/, '/db/_session'],
  [/^\/db\/[^/]+\/_local\/.*/, '/db/{db}/_local/{id}'],
  [/^\/db\/[^/]+\/_tablero\/([\w-]+)$/, '/db/{db}/_tablero/$1'],
  [/^\/db\/[^/]+\/(_[a-z_]+)$/, '/db/{db}/$1'],
  [/^\/db\/[^/]+\/?$/, '/db/{db}'],
  [/^\/db\/[^/]+\/.+/, '/db/{db}/{doc}'],
  [/^\/api\/files\/.+/, '/api/files/{sha256}'],
  [/^\/api\/(plans|commitments|organizations)\/[^/]+(\/[\w.-]+)?$/, '/api/$1/{id}$2'],
  [/^\/api\/[\w.-]+$/, '$&'],
  [/^\/assets\/.*/, '/assets/{file}'],
  [/^\/(commitments|organizations)\/.+/, '/$1/{id}'],
  [/^\/app\/.*/, '/app/'],
  [/^\/(activity|data|evaluation|activity\.atom|site\/logo)?$/, '$&'],
];

/** A request path as a route pattern, so metrics and logs do not grow with every id. */
export function routeOf(path: string): string {
  for (const [pattern, label] of ROUTES) if (pattern.test(path)) return path.replace(pattern, label) || '/';
  return 'other';
}
