import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const PARTS = ['shared/src', 'sync-server/src', 'renderer/src', 'electron/src', 'scripts', 'bench', 'test'];

/** Every source file with the project files it imports (relative imports, resolved to paths from the root). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
          path.normalize(path.join(path.dirname(file), m[1] as string)).replace(/\.js$/, ''),
        );
        graph.set(file, targets);
      }
    }
  };
  for (const part of PARTS) visit(part);
  return graph;
}

const graph = importGraph();
const partOf = (file: string) => PARTS.find((p) => file.startsWith(`${p}/`)) ?? 'outside';
const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.startsWith('test/');

/** The folders (first level under a part) that import one another, in a cycle: none may. */
function folderCycles(part: string): string[][] {
  const folderOf = (file: string) => file.slice(part.length + 1).split('/')[0] as string;
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (partOf(file) !== part || isTest(file)) continue;
    for (const target of targets) {
      if (partOf(target) !== part || folderOf(target) === folderOf(file)) continue;
      const from = folderOf(file);
      if (!edges.has(from)) edges.set(from, new Set());
      edges.get(from)?.add(folderOf(target));
    }
  }
  const cycles: string[][] = [];
  const walk = (node: string, trail: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (next === trail[0]) cycles.push([...trail, next]);
      else if (!trail.includes(next) && next > (trail[0] as string)) walk(next, [...trail, next]);
    }
  };
  for (const start of edges.keys()) walk(start, [start]);
  return cycles;
}

/**
 * Renderer folders (at every depth) that import one another in a cycle, each cycle as its sorted
 * folders. A folder's own files count as the folder: they are the base its subfolders build on, so
 * they never import a subfolder that imports them back (the composition, `main.tsx` and the root
 * component, lives in its own `shell/`).
 */
function rendererFolderCycles(): string[][] {
  const part = 'renderer/src';
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    if (partOf(file) !== part || isTest(file)) continue;
    for (const target of targets) {
      if (partOf(target) !== part || path.dirname(target) === path.dirname(file)) continue;
      if (!edges.has(path.dirname(file))) edges.set(path.dirname(file), new Set());
      edges.get(path.dirname(file))?.add(path.dirname(target));
    }
  }
  const reach = (from: string) => {
    const seen = new Set<string>();
    const stack = [from];
    for (let node = stack.pop(); node !== undefined; node = stack.pop())
      for (const next of edges.get(node) ?? [])
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
    return seen;
  };
  const reachable = new Map([...edges.keys()].map((folder) => [folder, reach(folder)]));
  const cycles = new Map<string, string[]>();
  for (const [folder, seen] of reachable) {
    if (!seen.has(folder)) continue;
    const members = [...seen].filter((other) => reachable.get(other)?.has(folder)).sort();
    cycles.set(members.join(' ↔ '), members);
  }
  return [...cycles.values()];
}

/** Renderer imports from files under `from` to files under any of `to` (folders relative to renderer/src). */
function rendererImports(from: string, to: string[]): string[] {
  const under = (file: string, folder: string) => file.startsWith(`renderer/src/${folder}/`);
  return [...graph].flatMap(([file, targets]) =>
    under(file, from) && !isTest(file)
      ? targets.filter((t) => to.some((folder) => under(t, folder))).map((t) => `${file} → ${t}`)
      : [],
  );
}

describe('the layout', () => {
  it('reads every part', () => {
    expect([...graph.keys()].filter((f) => f.startsWith('sync-server/')).length).toBeGreaterThan(30);
  });

  it('keeps shared/ free of imports from the other parts', () => {
    const outward = [...graph].flatMap(([file, targets]) =>
      partOf(file) === 'shared/src'
        ? targets.filter((t) => partOf(t) !== 'shared/src').map((t) => `${file} → ${t}`)
        : [],
    );
    expect(outward).toEqual([]);
  });

  it('has no part importing a part it must not know: renderer and electron never reach the server, and only tests reach test/', () => {
    const forbidden: Record<string, string[]> = {
      'renderer/src': ['sync-server/src', 'electron/src', 'test', 'bench'],
      'electron/src': ['sync-server/src', 'renderer/src', 'test', 'bench'],
      'sync-server/src': ['renderer/src', 'electron/src', 'test', 'bench'],
      bench: ['test'],
    };
    const wrong = [...graph].flatMap(([file, targets]) =>
      isTest(file)
        ? []
        : targets.filter((t) => forbidden[partOf(file)]?.includes(partOf(t))).map((t) => `${file} → ${t}`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no folders that import each other in a cycle', () => {
    for (const part of ['sync-server/src', 'renderer/src', 'shared/src', 'electron/src'])
      expect(folderCycles(part), part).toEqual([]);
  });

  it('has no renderer folder, at any depth, importing another that imports it back', () => {
    expect(rendererFolderCycles()).toEqual([]);
  });

  it('keeps the local database (renderer/src/db/) below everything else in the renderer', () => {
    // The collections, their conflict handler and the marking of local edits are the database's;
    // the replication, the app and its screens build on it.
    expect(rendererImports('db', ['app', 'sync', 'dashboard', 'admin', 'ui', 'i18n', 'platform'])).toEqual([]);
  });

  it('keeps the replication (renderer/src/sync/) independent of the apps and their screens', () => {
    expect(rendererImports('sync', ['app', 'dashboard', 'admin', 'ui', 'i18n', 'platform'])).toEqual([]);
  });

  it("has the screens reach the device's documents only through the commands and the queries", () => {
    // app/commands/ writes, app/queries/ reads; a screen imports neither the database nor the
    // replication, not even for a type.
    expect(rendererImports('app/screens', ['db', 'sync'])).toEqual([]);
    expect(rendererImports('app/commands', ['sync'])).toEqual([]);
    expect(rendererImports('app/queries', ['sync'])).toEqual([]);
  });

  it('has the screens read through the named queries (app/queries/), with no selector or placeholder id of their own', () => {
    const reads = [/\.local\.(workspace|issues)\b/, /\bliveQuery\(/, /\buseDocs\b/, /\$in\b/, /\?\? '-'/];
    const offenders = [...graph.keys()]
      .filter((file) => file.startsWith('renderer/src/app/screens/'))
      .flatMap((file) => {
        const text = fs.readFileSync(path.join(root, file), 'utf8');
        return reads.filter((read) => read.test(text)).map((read) => `${file}: ${read}`);
      });
    expect(offenders).toEqual([]);
  });

  it('gives each app (committee app, dashboard, admin) its own stylesheet and nothing of the others', () => {
    const apps = ['app', 'dashboard', 'admin'];
    for (const app of apps) {
      expect(
        rendererImports(
          app,
          apps.filter((other) => other !== app),
        ),
        app,
      ).toEqual([]);
      const sheets = [...graph]
        .filter(([file]) => file.startsWith(`renderer/src/${app}/`))
        .flatMap(([, targets]) => targets.filter((t) => t.endsWith('.css')));
      expect(sheets.filter((sheet) => sheet.startsWith(`renderer/src/${app}/`)).length, app).toBeGreaterThan(0);
    }
  });

  it("has the gateway's routes reach the store only through the store client (couch/store-client.ts)", () => {
    // The account and directory modules read _users and follow the feed with the server's rights;
    // everything that serves a client's request goes through WorkspaceStore, whose paths are made
    // from validated parts.
    const serverSide = new Set(['accounts.ts', 'directory.ts']);
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(file);
        else if (!serverSide.has(entry.name)) {
          const text = fs.readFileSync(path.join(root, file), 'utf8');
          for (const use of [/from 'nano'/, /\buseDb\(/, /\.request\(\{/, /\bfetch\(/, /fetchChanges/])
            if (use.test(text)) offenders.push(`${file}: ${use}`);
        }
      }
    };
    visit('sync-server/src/gateway');
    expect(offenders).toEqual([]);
  });
});

/**
 * The modules of a part that import one another round a cycle, each cycle as the files on it (a
 * strongly connected component of the import graph, type-only imports included: a cycle of types
 * is still two modules that cannot be read apart). Tarjan's algorithm, so each cycle is found once.
 */
function moduleCycles(part: string): string[][] {
  const moduleOf = (file: string) => file.replace(/\.tsx?$/, '');
  const edges = new Map<string, string[]>();
  for (const [file, targets] of graph)
    if (partOf(file) === part && !isTest(file))
      edges.set(
        moduleOf(file),
        targets.filter((t) => partOf(t) === part),
      );
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const connect = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || edges.get(node)?.includes(node)) cycles.push(component.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) connect(node);
  return cycles;
}

describe('the server’s modules', () => {
  it('import one another in no cycle, at any folder depth', () => {
    expect(moduleCycles('sync-server/src')).toEqual([]);
  });
});
