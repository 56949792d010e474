import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isoDay, ORG_KINDS, type Organization, type Plan } from '../../../shared/src/index.js';
import { writeRefusal } from '../../../shared/src/rules/permissions.js';
import { backup, restore } from '../admin/backup.js';
import { openAdminConnection } from '../admin/connection.js';
import { planCsv, planDocs, planJson } from '../admin/plan-export.js';
import { PlanFileError, readCsvPlan, readJsonPlan } from '../admin/plan-file.js';
import { type ImportSummary, importRecords } from '../admin/plan-import.js';
import { deletePlan, describeRemoved } from '../admin/remove.js';
import { importLanguage, parseSheetMap, readPlanSheet } from '../admin/spreadsheet/import-sheet.js';
import { SHEET_MESSAGES, type SheetMessages } from '../admin/spreadsheet/messages.js';
import type { PlanSettings } from '../admin/spreadsheet/plan-sheet.js';
import { SheetReadError } from '../admin/spreadsheet/read-sheet.js';
import { planTemplate } from '../admin/spreadsheet/template.js';
import { AdminInputError, addUser, disableUser, listUsers, setPassword } from '../admin/users.js';
import { syncWorkspaceRules } from '../bootstrap/design-docs.js';
import { ConfigError, configFromEnv } from '../config.js';
import { docsWithPrefix, getOrNull, putIfChanged, useDb } from '../couch/client.js';
import { DEMO_PLAN_ID } from '../demo/demo-data.js';
import { removeDemo } from '../demo/remove-demo.js';
import { logoFrom, SITE_LANGUAGES, type SiteLanguage, type SiteSettings, writeSiteSettings } from '../site/settings.js';

const USAGE = `Tablero admin. Usage: npm run admin -- <command> [options]

  org add --id ID --name NAME --kind ${ORG_KINDS.join('|')} [--acronym A] [--url URL]
  org list                      (id, kind, acronym and name of every organisation)
  user add --name NAME --password PASSWORD --role reporter|committee|admin [--org ORG]
                                (ORG: its id, or its name or acronym when only one has it)
  user passwd --name NAME --password PASSWORD
  user disable --name NAME
  user list
  plan import FILE [--dry-run]  (Tablero's .json or .csv records; all or nothing; re-import is harmless)
  plan import SHEET.xlsx|SHEET.csv --plan ID [--country C --title T] [--map map.json]
           [--start YYYY-MM-DD --end YYYY-MM-DD] [--committee ORG,ORG] [--review] [--sheet NAME] [--dry-run]
                                (a plan spreadsheet: one row per milestone; see "Your country's plan")
  plan template [--out plan.xlsx] [--language es|en]   (an empty plan sheet and a sample map.json)
  plan export --plan ID [--format json|csv] [--out FILE]
  plan list
  plan new --id ID --title TITLE --start YYYY-MM-DD --end YYYY-MM-DD --country C
           [--committee ORG,ORG] [--review]   (a new plan; organisations and accounts carry over)
  plan close --plan ID          (read-only for everyone, stays public)
  plan delete --plan ID [--force]  (refused once the plan has published reports, unless --force)
  site setup [--name NAME] [--logo FILE] [--language es|en] [--public-url URL]
                                (the site's own name, logo and language; the demo is not loaded)
  demo remove                   (the demo plan, its records, organisations and accounts)
  backup --out FILE             (everything: workspace, public, files, accounts, settings; .jsonl.gz)
  restore FILE                  (onto a server with an empty workspace)

Connection: COUCHDB_URL (Apache CouchDB with admin credentials), or the embedded store of the
server running on TABLERO_DATA_DIR, or, when no server runs, the embedded store in TABLERO_DATA_DIR
opened for the command. Administration never goes through the server's public address.`;

const OPTIONS = {
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
  help: { type: 'boolean', short: 'h' },
} as const;

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [group, command, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return;
  }
  const known = [
    'org add',
    'org list',
    'user add',
    'user passwd',
    'user disable',
    'user list',
    'plan import',
    'plan export',
    'plan list',
    'plan new',
    'plan close',
    'plan delete',
    'plan template',
    'site setup',
    'demo remove',
    'backup',
    'restore',
  ];
  // backup and restore are commands of one word; the others name a thing and what to do with it.
  const action = group === 'backup' || group === 'restore' ? group : `${group} ${command}`;
  if (!known.includes(action))
    throw new AdminInputError(`"${[group, command].filter(Boolean).join(' ')}" is not a command.\n\n${USAGE}`);

  let file: { name: string; bytes: Uint8Array } | undefined;
  if (group === 'plan' && command === 'import') {
    const name = rest[0];
    if (!name) throw new AdminInputError('plan import: name the file to import.');
    file = { name, bytes: readInput(name, 'plan import') };
  }
  if (group === 'plan' && command === 'template') {
    // Needs no server: it only writes files.
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
    return;
  }
  const siteChanges = group === 'site' ? siteSettingsFrom(values) : undefined;

  const connection = await openAdminConnection(configFromEnv());
  const { couch, names } = connection;
  const workspace = useDb(couch, names.workspace);
  try {
    switch (action) {
      case 'org add': {
        const id = values.id?.replace(/^org:/, '') ?? '';
        const org: Organization = {
          _id: `org:${id}`,
          type: 'organization',
          kind: values.kind as Organization['kind'],
          name: values.name ?? '',
        };
        if (values.acronym) org.acronym = values.acronym;
        if (values.url) org.url = values.url;
        const refusal = writeRefusal(org, null, { name: 'admin', roles: ['admin'] });
        if (refusal)
          throw new AdminInputError(refusal.reason.replace(/^organization\./, '--').replace(/^_id:/, '--id:'));
        const wrote = await putIfChanged(workspace, org);
        console.log(wrote ? `Saved organisation ${org._id}.` : `Organisation ${org._id} is already so.`);
        break;
      }
      case 'org list':
        for (const org of await docsWithPrefix<Organization>(workspace, 'org:'))
          console.log(`${org._id}\t${org.kind}\t${org.acronym ?? ''}\t${org.name}`);
        break;
      case 'user add': {
        const orgId = await addUser(couch, names, {
          name: values.name ?? '',
          password: values.password ?? '',
          role: values.role as never,
          ...(values.org ? { org: values.org } : {}),
        });
        console.log(`Added user ${values.name}${orgId ? `, writing for ${orgId}` : ''}.`);
        break;
      }
      case 'user passwd':
        await setPassword(couch, values.name, values.password);
        console.log(`Changed the password of ${values.name}.`);
        break;
      case 'user disable':
        await disableUser(couch, values.name);
        console.log(`Disabled ${values.name}: no roles, a random password, sessions ended.`);
        break;
      case 'user list':
        for (const user of await listUsers(couch))
          console.log(`${user.name}\t${user.roles.join(',')}${user.disabled ? '\tdisabled' : ''}`);
        break;
      case 'plan import': {
        const { name, bytes } = file as { name: string; bytes: Uint8Array };
        const dryRun = Boolean(values['dry-run']);
        const text = () => new TextDecoder().decode(bytes);
        const extension = path.extname(name).toLowerCase();
        if (extension === '.json' || (extension === '.csv' && isRecordCsv(text()))) {
          const read = extension === '.csv' ? readCsvPlan(name, text()) : readJsonPlan(name, text());
          const summary = await importRecords(couch, names, name, read.records, read.problems, { dryRun });
          console.log(describeImport(name, summary, [], dryRun));
          break;
        }
        const map = values.map
          ? parseSheetMap(values.map, new TextDecoder().decode(readInput(values.map, '--map')))
          : {};
        const lang = await importLanguage(couch, names);
        const say = SHEET_MESSAGES[lang];
        const sheet = await readPlanSheet(
          couch,
          names,
          { name, bytes, ...(values.sheet ? { sheet: values.sheet } : {}) },
          map,
          sheetSettings(values),
          lang,
        );
        const summary = await importRecords(couch, names, name, sheet.records, sheet.problems, {
          dryRun,
          heading: (n) => say.problems(name, n),
        });
        const notes = [
          ...sheet.inferred,
          ...(sheet.ignoredColumns.length ? [say.columnsNotRead(sheet.ignoredColumns.join(', '))] : []),
        ];
        console.log(describeImport(name, summary, notes, dryRun, say));
        break;
      }
      case 'plan delete': {
        const planId = values.plan?.startsWith('plan:') ? values.plan : `plan:${values.plan ?? ''}`;
        const removed = await deletePlan(couch, names, planId, Boolean(values.force));
        console.log(`Deleted ${planId}: ${describeRemoved(removed)}. Its public pages go within seconds.`);
        break;
      }
      case 'site setup': {
        const settings = await writeSiteSettings(workspace, siteChanges as SiteSettings);
        console.log(
          `Site: ${settings.name ?? '(no name: TABLERO_SITE_NAME or the default)'}; language ${settings.language ?? 'es'}; ${settings.logo ? `logo ${settings.logo.mediaType}` : 'no logo'}; ${settings.publicUrl ?? 'public address from TABLERO_PUBLIC_URL'}. The demo is not loaded${(await getOrNull(workspace, DEMO_PLAN_ID)) ? ', but it is here: remove it with "demo remove"' : ''}.`,
        );
        break;
      }
      case 'backup': {
        if (!values.out) throw new AdminInputError('backup: say where with --out FILE (a .jsonl.gz file).');
        const counts = await backup(couch, names, values.out);
        console.log(`Wrote ${values.out}: ${describeRemoved(counts)} documents.`);
        break;
      }
      case 'restore': {
        if (!command) throw new AdminInputError('restore: name the backup file.');
        const counts = await restore(couch, names, command);
        await syncWorkspaceRules(couch, names);
        console.log(`Restored ${command}: ${describeRemoved(counts)} documents. Devices sign in again.`);
        break;
      }
      case 'demo remove': {
        const { removed, accounts } = await removeDemo(couch, names);
        console.log(
          `Removed the demo: ${describeRemoved(removed)}; ${accounts} demo account${accounts === 1 ? '' : 's'} disabled. It will not come back on the next start.`,
        );
        break;
      }
      case 'plan export': {
        const planId = values.plan?.startsWith('plan:') ? values.plan : `plan:${values.plan ?? ''}`;
        const format = values.format ?? (values.out?.endsWith('.csv') ? 'csv' : 'json');
        if (format !== 'json' && format !== 'csv')
          throw new AdminInputError(`--format: "${format}" must be json or csv.`);
        const docs = await planDocs(couch, names, planId);
        const text = format === 'csv' ? planCsv(docs) : planJson(docs);
        if (values.out) {
          fs.writeFileSync(values.out, text);
          console.error(`Wrote ${docs.length} records to ${values.out}.`);
        } else process.stdout.write(text);
        break;
      }
      case 'plan list':
        for (const plan of await docsWithPrefix<Plan>(workspace, 'plan:'))
          console.log(
            `${plan._id}\t${plan.startDate}..${plan.endDate}\t${plan.closed ? 'closed' : 'open'}\t${plan.title}`,
          );
        break;
      case 'plan new': {
        const id = values.id?.replace(/^plan:/, '') ?? '';
        const plan: Plan = {
          _id: `plan:${id}`,
          type: 'plan',
          country: values.country ?? '',
          title: values.title ?? '',
          startDate: values.start ?? '',
          endDate: values.end ?? '',
          languages: ['es'],
          reviewRequired: Boolean(values.review),
          committeeOrgIds: (values.committee ?? '')
            .split(',')
            .filter(Boolean)
            .map((o) => (o.startsWith('org:') ? o : `org:${o}`)),
        };
        if (await getOrNull(workspace, plan._id))
          throw new AdminInputError(`--id: the plan ${plan._id} exists already.`);
        const summary = await importRecords(couch, names, 'plan new', [
          { where: 'plan new', doc: plan as unknown as Record<string, unknown> },
        ]);
        console.log(`Created ${plan._id} (${summary.created} record); organisations and accounts carry over.`);
        break;
      }
      case 'plan close': {
        const planId = values.plan?.startsWith('plan:') ? values.plan : `plan:${values.plan ?? ''}`;
        const plan = await getOrNull<Plan>(workspace, planId);
        if (!plan) throw new AdminInputError(`--plan: there is no plan ${planId}.`);
        await workspace.insert({ ...plan, closed: true, closedOn: plan.closedOn ?? isoDay() });
        await syncWorkspaceRules(couch, names);
        console.log(`Closed ${planId}: read-only for everyone, still public.`);
        break;
      }
    }
  } finally {
    await connection.close();
  }
}

function readInput(name: string, what: string): Uint8Array {
  if (!fs.existsSync(name)) throw new AdminInputError(`${what}: ${name}: no such file.`);
  return new Uint8Array(fs.readFileSync(name));
}

/** Tablero's own record CSV has a "type" column; anything else is a plan spreadsheet. */
function isRecordCsv(text: string): boolean {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return header
    .split(',')
    .map((h) => h.trim().replace(/^"|"$/g, ''))
    .includes('type');
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

function siteSettingsFrom(values: {
  name?: string;
  logo?: string;
  language?: string;
  'public-url'?: string;
}): SiteSettings {
  const settings: SiteSettings = { demo: false };
  if (values.name !== undefined) {
    if (!values.name.trim()) throw new AdminInputError('--name: the site needs a name.');
    settings.name = values.name.trim();
  }
  if (values.language !== undefined) {
    if (!(SITE_LANGUAGES as readonly string[]).includes(values.language))
      throw new AdminInputError(`--language: "${values.language}" must be ${SITE_LANGUAGES.join(' or ')}.`);
    settings.language = values.language as SiteLanguage;
  }
  if (values['public-url'] !== undefined) {
    if (!/^https?:\/\/[^\s/]+/.test(values['public-url']))
      throw new AdminInputError(`--public-url: "${values['public-url']}" must start with https:// (or http://).`);
    settings.publicUrl = values['public-url'].replace(/\/+$/, '');
  }
  if (values.logo !== undefined) {
    try {
      settings.logo = logoFrom(values.logo, readInput(values.logo, '--logo'));
    } catch (error) {
      throw new AdminInputError((error as Error).message);
    }
  }
  return settings;
}

// LevelDB reports a data folder held by another process asynchronously, outside any try.
process.on('uncaughtException', (error) => {
  if (/\block\b.*\bLOCK\b/.test(error.message))
    console.error(
      `Error: the data folder ${configFromEnv().dataDir} is in use by a running Tablero server that did not say where its store listens (no store.json there). Restart that server (it writes store.json) and run the command again, or stop it first.`,
    );
  else console.error(`Error: ${error.message}`);
  process.exit(1);
});

try {
  await run(process.argv.slice(2));
  process.exit(0);
} catch (error) {
  if (
    error instanceof AdminInputError ||
    error instanceof PlanFileError ||
    error instanceof ConfigError ||
    error instanceof SheetReadError
  )
    console.error(`Error: ${error.message}`);
  else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
  else console.error(`Error: ${(error as Error).message ?? error}`);
  process.exit(1);
}
