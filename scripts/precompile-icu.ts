import { parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin } from 'vite';

/** The renderer's helpers that take an ICU pattern as their second argument (renderer/src/i18n/icu.ts). */
const ICU_HELPERS = new Set(['icu', 'count']);

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

/** The pattern argument of every `icu(lang, …)` and `count(lang, …)` call, in source order. */
function patternArguments(root: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: Node) => {
    const callee = node.callee;
    const pattern = (node.arguments as Node[] | undefined)?.[1];
    if (
      node.type === 'CallExpression' &&
      isNode(callee) &&
      callee.type === 'Identifier' &&
      ICU_HELPERS.has(callee.name as string) &&
      pattern
    )
      found.push(pattern);
    for (const value of Object.values(node))
      for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) visit(child);
  };
  visit(root);
  return found;
}

/**
 * Parses the renderer's ICU messages at build time, so the pages ship their syntax trees and not
 * the ICU parser (FormatJS's documented "precompile" setup: the parser is swapped for its
 * `no-parser` entry). A pattern that does not parse, or is not written as a string literal, fails
 * the build, naming the file. Tests and the dev server keep parsing at run time.
 */
export function precompileIcu(): Plugin {
  return {
    name: 'tablero-precompile-icu',
    apply: 'build',
    enforce: 'post',
    config: () => ({
      resolve: {
        alias: [
          {
            find: /^@formatjs\/icu-messageformat-parser$/,
            replacement: '@formatjs/icu-messageformat-parser/no-parser.js',
          },
        ],
      },
    }),
    transform(code, id) {
      // The helpers' own module passes a pattern it was given; every other call must name its text.
      if (!/\/renderer\/src\/.*\.tsx?$/.test(id) || id.endsWith('/i18n/icu.ts') || !/\b(icu|count)\(/.test(code))
        return null;
      const literals = patternArguments(this.parse(code) as unknown as Node);
      if (literals.length === 0) return null;
      let out = code;
      for (const literal of literals.reverse()) {
        if (literal.type !== 'Literal' || typeof literal.value !== 'string')
          this.error(
            `${id}: an ICU message must be written as a string literal, to be compiled when the pages are built.`,
          );
        let ast: unknown;
        try {
          ast = parse(literal.value as string);
        } catch (error) {
          this.error(`${id}: ICU message ${JSON.stringify(literal.value)} does not parse: ${(error as Error).message}`);
        }
        out = `${out.slice(0, literal.start)}${JSON.stringify(ast)}${out.slice(literal.end)}`;
      }
      return { code: out, map: null };
    },
  };
}
