import type { Organization, Plan } from '../../../../shared/src/types.js';
import type { DbNames } from '../../config.js';
import { type Couch, docsWithPrefix, getOrNull, useDb } from '../../couch/client.js';
import { readSiteSettings } from '../../site/settings.js';
import { AdminInputError } from '../users.js';
import type { Lang } from './messages.js';
import { type PlanSettings, planFromSheet, type SheetMap, type SheetPlan } from './plan-sheet.js';
import { readSheet } from './read-sheet.js';

/** Reads a mapping file, saying which part of it is wrong. */
export function parseSheetMap(file: string, text: string): SheetMap {
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch (error) {
    throw new AdminInputError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (!map || typeof map !== 'object' || Array.isArray(map))
    throw new AdminInputError(
      `${file}: must be an object with "columns", "values", "orgKinds" and "plan" (all optional)`,
    );
  for (const key of Object.keys(map))
    if (!['columns', 'values', 'orgKinds', 'plan'].includes(key))
      throw new AdminInputError(
        `${file}: "${key}" is not part of a mapping; it has "columns", "values", "orgKinds", "plan"`,
      );
  const columns = (map as { columns?: unknown }).columns ?? {};
  if (typeof columns !== 'object' || Array.isArray(columns) || columns === null)
    throw new AdminInputError(
      `${file}: "columns" must be an object: a column's name → its header, or a list of headers`,
    );
  for (const [column, headers] of Object.entries(columns))
    if (!(typeof headers === 'string' || (Array.isArray(headers) && headers.every((h) => typeof h === 'string'))))
      throw new AdminInputError(
        `${file}: columns.${column} must be a header, or a list of headers ("Otros actores", …)`,
      );
  return map as SheetMap;
}

/** The language the import speaks: the site's (`site setup --language`), Spanish as the site's default. */
export async function importLanguage(couch: Couch, names: DbNames): Promise<Lang> {
  return (await readSiteSettings(useDb(couch, names.workspace))).language ?? 'es';
}

/** A plan spreadsheet as records to import, against the organisations and the plan already in the workspace. */
export async function readPlanSheet(
  couch: Couch,
  names: DbNames,
  file: { name: string; bytes: Uint8Array; sheet?: string },
  map: SheetMap,
  settings: PlanSettings,
  lang: Lang,
): Promise<SheetPlan> {
  const workspace = useDb(couch, names.workspace);
  const sheet = await readSheet(file.name, file.bytes, file.sheet, lang);
  const planId = settings.id ?? map.plan?.id;
  const plan = planId ? await getOrNull<Plan>(workspace, `plan:${planId.replace(/^plan:/, '')}`) : null;
  const organizations = await docsWithPrefix<Organization>(workspace, 'org:');
  return planFromSheet(sheet, map, settings, { organizations, plan: plan ?? undefined }, lang);
}
