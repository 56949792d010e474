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

/** Every `icu(lang, '…')` and `count(lang, '…')` call with a literal pattern, in source order. */
function patternLiterals(root: Node): Node[] {
  const found: Node[] = [];
  const visit = (node: Node) => {
    const callee = node.callee;
    const pattern = (node.arguments as Node[] | undefined)?.[1];
    if (
      node.type === 'CallExpression' &&
      isNode(callee) &&
      callee.type === 'Identifier' &&
      ICU_HELPERS.has(callee.name as string) &&
      pattern?.type === 'Literal' &&
      typeof pattern.value === 'string'
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
 * `no-parser` entry). A pattern that does not parse fails the build, naming the file and the
 * pattern. Tests and the dev server keep parsing at run time.
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
      if (!/\/renderer\/src\/.*\.tsx?$/.test(id) || !/\b(icu|count)\(/.test(code)) return null;
      const literals = patternLiterals(this.parse(code) as unknown as Node);
      if (literals.length === 0) return null;
      let out = code;
      for (const literal of literals.reverse()) {
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
