import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ORG_KINDS, type Plan } from '../../../shared/src/index.js';
import { recordAudit } from '../admin/audit.js';
import { backup, restore } from '../admin/backup.js';
import { openAdminConnection } from '../admin/connection.js';
import { listOrganisations, saveOrganisation } from '../admin/organisations.js';
import { planCsv, planDocs, planJson } from '../admin/plan-export.js';
import { PlanFileError } from '../admin/plan-file.js';
import type { ImportSummary } from '../admin/plan-import.js';
import { closePlan, importPlanFile, newPlan } from '../admin/plans.js';
import { deletePlan, describeRemoved } from '../admin/remove.js';
import { siteSettingsFrom } from '../admin/site-setup.js';
import { parseSheetMap } from '../admin/spreadsheet/import-sheet.js';
import { SHEET_MESSAGES, type SheetMessages } from '../admin/spreadsheet/messages.js';
import type { PlanSettings } from '../admin/spreadsheet/plan-sheet.js';
import { SheetReadError } from '../admin/spreadsheet/read-sheet.js';
import { planTemplate } from '../admin/spreadsheet/template.js';
import { AdminInputError, addUser, disableUser, listUsers, setPassword } from '../admin/users.js';
import { ConfigError, configFromEnv } from '../config.js';
import { docsWithPrefix, getOrNull, useDb } from '../couch/client.js';
import { DEMO_PLAN_ID } from '../demo/demo-data.js';
import { removeDemo } from '../demo/remove-demo.js';
import { type SiteSettings, writeSiteSettings } from '../site/settings.js';
import { checkEmailOption, MAIL_COMMANDS, MAIL_USAGE, runMailCommand, setAccountEmail } from './mail-commands.js';

const USAGE = `Tablero admin. Usage: npm run admin -- <command> [options]

  org add --id ID --name NAME --kind ${ORG_KINDS.join('|')} [--acronym A] [--url URL]
  org list                      (id, kind, acronym and name of every organisation)
  user add --name NAME --password PASSWORD --role reporter|committee|admin [--org ORG] [--email ADDRESS]
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
${MAIL_USAGE}

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
  email: { type: 'string' },
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
    ...MAIL_COMMANDS,
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
  const siteChanges = group === 'site' ? siteSettingsOf(values) : undefined;

  const connection = await openAdminConnection(configFromEnv());
  const { couch, names } = connection;
  const workspace = useDb(couch, names.workspace);
  try {
    if (MAIL_COMMANDS.includes(action))
      return await runMailCommand(couch, names, {
        action,
        rest,
        values,
        dataDir: configFromEnv().dataDir,
      });
    switch (action) {
      case 'org add': {
        const wrote = await saveOrganisation(couch, names, {
          id: values.id?.replace(/^org:/, '') ?? '',
          kind: values.kind ?? '',
          name: values.name ?? '',
          ...(values.acronym ? { acronym: values.acronym } : {}),
          ...(values.url ? { url: values.url } : {}),
        });
        const id = `org:${values.id?.replace(/^org:/, '') ?? ''}`;
        console.log(wrote ? `Saved organisation ${id}.` : `Organisation ${id} is already so.`);
        break;
      }
      case 'org list':
        for (const org of await listOrganisations(couch, names))
          console.log(`${org._id}\t${org.kind}\t${org.acronym ?? ''}\t${org.name}`);
        break;
      case 'user add': {
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
        const map = values.map
          ? parseSheetMap(values.map, new TextDecoder().decode(readInput(values.map, '--map')))
          : {};
        const result = await importPlanFile(
          couch,
          names,
          { name, bytes, ...(values.sheet ? { sheet: values.sheet } : {}) },
          { map, settings: sheetSettings(values), dryRun },
        );
        console.log(describeImport(name, result.summary, result.notes, dryRun, SHEET_MESSAGES[result.lang]));
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
        break;
      }
      case 'plan close': {
        const plan = await closePlan(couch, names, values.plan ?? '');
        console.log(`Closed ${plan._id}: read-only for everyone, still public.`);
        break;
      }
    }
    if (!READS.has(action) && !values['dry-run'])
      await recordAudit(couch, names, {
        who: `${os.userInfo().username}@${os.hostname()}`,
        via: 'cli',
        action,
        ...auditTarget(values, rest),
      });
  } finally {
    await connection.close();
  }
}

/** Commands that change nothing, so leave no audit record; every other one does, as the admin page's actions do. */
const READS = new Set(['org list', 'user list', 'plan list', 'plan export', 'plan template']);

/** What an audited command acted on, as its options name it (never a password). */
function auditTarget(values: { id?: string; name?: string; plan?: string }, rest: string[]): { target?: string } {
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
function siteSettingsOf(values: { name?: string; logo?: string; language?: string; 'public-url'?: string }) {
  return siteSettingsFrom({
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.language !== undefined ? { language: values.language } : {}),
    ...(values['public-url'] !== undefined ? { publicUrl: values['public-url'] } : {}),
    ...(values.logo !== undefined ? { logo: { fileName: values.logo, bytes: readInput(values.logo, '--logo') } } : {}),
  });
}

/** A refusal as the command line says it: the option it is about first. */
function cliMessage(error: Error): string {
  const field = error instanceof AdminInputError ? error.field : undefined;
  if (!field) return error.message;
  const option = { publicUrl: 'public-url', startDate: 'start', endDate: 'end', committeeOrgIds: 'committee' }[field];
  return `--${option ?? field}: ${error.message}`;
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
    console.error(`Error: ${cliMessage(error)}`);
  else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
  else console.error(`Error: ${(error as Error).message ?? error}`);
  process.exit(1);
}
