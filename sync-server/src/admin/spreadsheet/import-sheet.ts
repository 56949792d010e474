import type { Organization, Plan } from '../../../../shared/src/types.js';
import type { DbNames } from '../../config.js';
import { type Couch, docsWithPrefix, getOrNull, useDb } from '../../couch/client.js';
import { AdminInputError } from '../users.js';
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
  return map as SheetMap;
}

/** A plan spreadsheet as records to import, against the organisations and the plan already in the workspace. */
export async function readPlanSheet(
  couch: Couch,
  names: DbNames,
  file: { name: string; bytes: Uint8Array; sheet?: string },
  map: SheetMap,
  settings: PlanSettings,
): Promise<SheetPlan> {
  const workspace = useDb(couch, names.workspace);
  const sheet = await readSheet(file.name, file.bytes, file.sheet);
  const planId = settings.id ?? map.plan?.id;
  const plan = planId ? await getOrNull<Plan>(workspace, `plan:${planId.replace(/^plan:/, '')}`) : null;
  const organizations = await docsWithPrefix<Organization>(workspace, 'org:');
  return planFromSheet(sheet, map, settings, { organizations, plan: plan ?? undefined });
}
