import fs from 'node:fs';
import type { parseArgs } from 'node:util';
import type { Plan } from '../../../shared/src/index.js';
import { backup, restore } from '../admin/backup.js';
import { listOrganisations, saveOrganisation } from '../admin/organisations.js';
import { planCsv, planDocs, planJson } from '../admin/plan-export.js';
import type { ImportSummary } from '../admin/plan-import.js';
import { closePlan, importPlanFile, newPlan, updatePlan } from '../admin/plans.js';
import { deletePlan, describeRemoved } from '../admin/remove.js';
import { siteSettingsFrom } from '../admin/site-setup.js';
import { parseSheetMap } from '../admin/spreadsheet/import-sheet.js';
import { SHEET_MESSAGES, type SheetMessages } from '../admin/spreadsheet/messages.js';
import type { PlanSettings } from '../admin/spreadsheet/plan-sheet.js';
import { planTemplate } from '../admin/spreadsheet/template.js';
import { AdminInputError, addUser, disableUser, listUsers, setPassword } from '../admin/users.js';
import type { DbNames } from '../config.js';
import { type Couch, docsWithPrefix, getOrNull, useDb } from '../couch/client.js';
import { DEMO_PLAN_ID } from '../demo/demo-data.js';
import { removeDemo } from '../demo/remove-demo.js';
import { type SiteSettings, writeSiteSettings } from '../site/settings.js';
import { checkEmailOption, setAccountEmail } from './mail-commands.js';

/*
 * The admin CLI's commands, one function each, by the words that name them (`plan import`); the
 * CLI's entry (main.ts) parses the command line, connects and calls one.
 */

export const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  kind: { type: 'string' },
  acronym: { type: 'string' },
  url: { type: 'string' },
  password: { type: 'string' },
  role: { type: 'string' },
  org: { type: 'string' },
  plan: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  title: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  country: { type: 'string' },
  committee: { type: 'string' },
  review: { type: 'boolean' },
  map: { type: 'string' },
  sheet: { type: 'string' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
  logo: { type: 'string' },
  language: { type: 'string' },
  'public-url': { type: 'string' },
  email: { type: 'string' },
  moderation: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line's options, as `parseArgs` reads them with `OPTIONS`. */
export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** What a command works with: the store, the options, and the words after the command's own. */
export interface CommandInput {
  couch: Couch;
  names: DbNames;
  values: Values;
  /** The positional words after the command's two (`plan import FILE`: the file). */
  rest: string[];
  /** The second word: for `restore`, the backup file. */
  command: string | undefined;
  /** `plan import`'s file, read before connecting, so a wrong name is said before anything opens. */
  file?: { name: string; bytes: Uint8Array };
  /** `site setup`'s settings, checked before connecting. */
  siteChanges?: SiteSettings;
}

const planIdOf = (value: string | undefined) => (value?.startsWith('plan:') ? value : `plan:${value ?? ''}`);

async function orgAdd({ couch, names, values }: CommandInput) {
  const wrote = await saveOrganisation(couch, names, {
    id: values.id?.replace(/^org:/, '') ?? '',
    kind: values.kind ?? '',
    name: values.name ?? '',
    ...(values.acronym ? { acronym: values.acronym } : {}),
    ...(values.url ? { url: values.url } : {}),
  });
  const id = `org:${values.id?.replace(/^org:/, '') ?? ''}`;
  console.log(wrote ? `Saved organisation ${id}.` : `Organisation ${id} is already so.`);
}

async function orgList({ couch, names }: CommandInput) {
  for (const org of await listOrganisations(couch, names))
    console.log(`${org._id}\t${org.kind}\t${org.acronym ?? ''}\t${org.name}`);
}

async function userAdd({ couch, names, values }: CommandInput) {
  if (values.email !== undefined) checkEmailOption(values.email);
  const orgId = await addUser(couch, names, {
    name: values.name ?? '',
    password: values.password ?? '',
    role: values.role as never,
    ...(values.org ? { org: values.org } : {}),
  });
  if (values.email) await setAccountEmail(couch, names, values.name ?? '', values.email);
  console.log(
    `Added user ${values.name}${orgId ? `, writing for ${orgId}` : ''}${values.email ? `, reminded at ${values.email}` : ''}.`,
  );
}

async function userPasswd({ couch, values }: CommandInput) {
  await setPassword(couch, values.name, values.password);
  console.log(`Changed the password of ${values.name}.`);
}

async function userDisable({ couch, values }: CommandInput) {
  await disableUser(couch, values.name);
  console.log(`Disabled ${values.name}: no roles, a random password, sessions ended.`);
}

async function userList({ couch }: CommandInput) {
  for (const user of await listUsers(couch))
    console.log(`${user.name}\t${user.roles.join(',')}${user.disabled ? '\tdisabled' : ''}`);
}

/** `plan import`'s file, read before connecting. */
export function importFile(rest: string[]): { name: string; bytes: Uint8Array } {
  const name = rest[0];
  if (!name) throw new AdminInputError('plan import: name the file to import.');
  return { name, bytes: readInput(name, 'plan import') };
}

async function planImport({ couch, names, values, file }: CommandInput) {
  const { name, bytes } = file as { name: string; bytes: Uint8Array };
  const dryRun = Boolean(values['dry-run']);
  const map = values.map ? parseSheetMap(values.map, new TextDecoder().decode(readInput(values.map, '--map'))) : {};
  const result = await importPlanFile(
    couch,
    names,
    { name, bytes, ...(values.sheet ? { sheet: values.sheet } : {}) },
    { map, settings: sheetSettings(values), dryRun },
  );
  console.log(describeImport(name, result.summary, result.notes, dryRun, SHEET_MESSAGES[result.lang]));
}

async function planExport({ couch, names, values }: CommandInput) {
  const planId = planIdOf(values.plan);
  const format = values.format ?? (values.out?.endsWith('.csv') ? 'csv' : 'json');
  if (format !== 'json' && format !== 'csv') throw new AdminInputError(`--format: "${format}" must be json or csv.`);
  const docs = await planDocs(couch, names, planId);
  const text = format === 'csv' ? planCsv(docs) : planJson(docs);
  if (values.out) {
    fs.writeFileSync(values.out, text);
    console.error(`Wrote ${docs.length} records to ${values.out}.`);
  } else process.stdout.write(text);
}

async function planList({ couch, names }: CommandInput) {
  for (const plan of await docsWithPrefix<Plan>(useDb(couch, names.workspace), 'plan:'))
    console.log(`${plan._id}\t${plan.startDate}..${plan.endDate}\t${plan.closed ? 'closed' : 'open'}\t${plan.title}`);
}

async function planNew({ couch, names, values }: CommandInput) {
  const plan = await newPlan(couch, names, {
    id: values.id?.replace(/^plan:/, '') ?? '',
    country: values.country ?? '',
    title: values.title ?? '',
    startDate: values.start ?? '',
    endDate: values.end ?? '',
    reviewRequired: Boolean(values.review),
    committeeOrgIds: (values.committee ?? '').split(','),
  });
  console.log(`Created ${plan._id} (1 record); organisations and accounts carry over.`);
}

async function planClose({ couch, names, values }: CommandInput) {
  const plan = await closePlan(couch, names, values.plan ?? '');
  console.log(`Closed ${plan._id}: read-only for everyone, still public.`);
}

/** Whether the plan's questions from the public wait for its committee, or are public at once. */
async function planQuestions({ couch, names, values }: CommandInput) {
  const moderation = values.moderation;
  if (moderation !== 'before' && moderation !== 'after')
    throw new AdminInputError(
      `--moderation: "${moderation ?? ''}" must be before (the committee publishes each question) or after (public at once; the committee withdraws afterwards).`,
      'moderation',
    );
  const planId = planIdOf(values.plan);
  await updatePlan(couch, names, planId, { questionModeration: moderation }, 'Tablero admin CLI');
  console.log(
    moderation === 'after'
      ? `${planId}: questions from the public are public at once; its committee withdraws afterwards those that break the rules.`
      : `${planId}: questions from the public wait until its committee publishes them.`,
  );
}

async function planDelete({ couch, names, values }: CommandInput) {
  const planId = planIdOf(values.plan);
  const removed = await deletePlan(couch, names, planId, Boolean(values.force));
  console.log(`Deleted ${planId}: ${describeRemoved(removed)}. Its public pages go within seconds.`);
}

/** Needs no server: it only writes files. */
export async function planTemplateCommand(values: Values): Promise<void> {
  const out = values.out ?? 'plan.xlsx';
  const language = values.language === 'en' ? 'en' : 'es';
  if (values.language && values.language !== 'es' && values.language !== 'en')
    throw new AdminInputError(`--language: "${values.language}" must be es or en.`);
  const { xlsx, map } = await planTemplate(language);
  const mapFile = `${out.replace(/\.xlsx$/i, '')}.map.json`;
  fs.writeFileSync(out, xlsx);
  fs.writeFileSync(mapFile, `${JSON.stringify(map, null, 2)}\n`);
  console.log(
    `Wrote ${out} (the plan sheet: one row per milestone) and ${mapFile} (a sample mapping, for headers or words of your own).`,
  );
}

async function siteSetup({ couch, names, siteChanges }: CommandInput) {
  const workspace = useDb(couch, names.workspace);
  const settings = await writeSiteSettings(workspace, siteChanges as SiteSettings);
  console.log(
    `Site: ${settings.name ?? '(no name: TABLERO_SITE_NAME or the default)'}; language ${settings.language ?? 'es'}; ${settings.logo ? `logo ${settings.logo.mediaType}` : 'no logo'}; ${settings.publicUrl ?? 'public address from TABLERO_PUBLIC_URL'}. The demo is not loaded${(await getOrNull(workspace, DEMO_PLAN_ID)) ? ', but it is here: remove it with "demo remove"' : ''}.`,
  );
}

async function demoRemove({ couch, names }: CommandInput) {
  const { removed, accounts } = await removeDemo(couch, names);
  console.log(
    `Removed the demo: ${describeRemoved(removed)}; ${accounts} demo account${accounts === 1 ? '' : 's'} disabled. It will not come back on the next start.`,
  );
}

async function backupCommand({ couch, names, values }: CommandInput) {
  if (!values.out) throw new AdminInputError('backup: say where with --out FILE (a .jsonl.gz file).');
  const counts = await backup(couch, names, values.out);
  console.log(`Wrote ${values.out}: ${describeRemoved(counts)} documents.`);
}

async function restoreCommand({ couch, names, command }: CommandInput) {
  if (!command) throw new AdminInputError('restore: name the backup file.');
  const counts = await restore(couch, names, command);
  console.log(`Restored ${command}: ${describeRemoved(counts)} documents. Devices sign in again.`);
}

/** The commands that need the store, by the words that name them (mail's are in mail-commands.ts). */
export const COMMANDS: Record<string, (input: CommandInput) => Promise<void>> = {
  'org add': orgAdd,
  'org list': orgList,
  'user add': userAdd,
  'user passwd': userPasswd,
  'user disable': userDisable,
  'user list': userList,
  'plan import': planImport,
  'plan export': planExport,
  'plan list': planList,
  'plan new': planNew,
  'plan close': planClose,
  'plan questions': planQuestions,
  'plan delete': planDelete,
  'site setup': siteSetup,
  'demo remove': demoRemove,
  backup: backupCommand,
  restore: restoreCommand,
};

/** Commands that change nothing, so leave no audit record; every other one does, as the admin page's actions do. */
export const READS = new Set(['org list', 'user list', 'plan list', 'plan export', 'plan template']);

/** What an audited command acted on, as its options name it (never a password). */
export function auditTarget(
  values: { id?: string; name?: string; plan?: string },
  rest: string[],
): { target?: string } {
  const target = values.plan ?? values.id ?? values.name ?? rest[0];
  return target ? { target } : {};
}

function readInput(name: string, what: string): Uint8Array {
  if (!fs.existsSync(name)) throw new AdminInputError(`${what}: ${name}: no such file.`);
  return new Uint8Array(fs.readFileSync(name));
}

function describeImport(
  name: string,
  summary: ImportSummary,
  notes: string[],
  dryRun: boolean,
  say: SheetMessages = SHEET_MESSAGES.en,
): string {
  const lines = [say.imported(name, summary.created, summary.updated, summary.unchanged, dryRun)];
  for (const [type, counts] of Object.entries(summary.byType))
    lines.push(`  ${say.byType(type, counts.created, counts.updated, counts.unchanged)}`);
  for (const r of summary.revisions) lines.push(say.revision(r.planId, r.revision, r.changes, dryRun));
  for (const { planId, items } of summary.notInFile)
    lines.push(
      say.notInFile(planId, items.map((i) => say.notInFileItem(i.docType, i.number ?? '', i.title)).join('; ')),
    );
  if (notes.length) lines.push(say.inferredHeading, ...notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

/** What the command line says about the plan a sheet holds. */
function sheetSettings(values: {
  plan?: string;
  country?: string;
  title?: string;
  start?: string;
  end?: string;
  committee?: string;
  review?: boolean;
}): PlanSettings {
  return {
    ...(values.plan ? { id: values.plan } : {}),
    ...(values.country ? { country: values.country } : {}),
    ...(values.title ? { title: values.title } : {}),
    ...(values.start ? { startDate: values.start } : {}),
    ...(values.end ? { endDate: values.end } : {}),
    ...(values.committee ? { committeeOrgIds: values.committee.split(',').filter(Boolean) } : {}),
    ...(values.review ? { reviewRequired: true } : {}),
  };
}

/** The site's settings from the command line's options; the logo is read from its file. */
export function siteSettingsOf(values: { name?: string; logo?: string; language?: string; 'public-url'?: string }) {
  return siteSettingsFrom({
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.language !== undefined ? { language: values.language } : {}),
    ...(values['public-url'] !== undefined ? { publicUrl: values['public-url'] } : {}),
    ...(values.logo !== undefined ? { logo: { fileName: values.logo, bytes: readInput(values.logo, '--logo') } } : {}),
  });
}
