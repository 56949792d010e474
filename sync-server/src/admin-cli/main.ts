import os from 'node:os';
import { parseArgs } from 'node:util';
import { ORG_KINDS } from '../../../shared/src/index.js';
import { recordAudit } from '../admin/audit.js';
import { openAdminConnection } from '../admin/connection.js';
import { PlanFileError } from '../admin/plan-file.js';
import { SheetReadError } from '../admin/spreadsheet/read-sheet.js';
import { AdminInputError } from '../admin/users.js';
import { ConfigError, configFromEnv } from '../config.js';
import { auditTarget, COMMANDS, importFile, OPTIONS, planTemplateCommand, READS, siteSettingsOf } from './commands.js';
import { MAIL_COMMANDS, MAIL_USAGE, runMailCommand } from './mail-commands.js';

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
  plan questions --plan ID --moderation before|after
                                (questions from the public wait for the committee, or are public at once)
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

/** Every command the CLI knows, by the words that name it. */
const KNOWN = [...Object.keys(COMMANDS), 'plan template', ...MAIL_COMMANDS];

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
  const [group, command, ...rest] = positionals;
  if (values.help || !group) {
    console.log(USAGE);
    return;
  }
  // backup and restore are commands of one word; the others name a thing and what to do with it.
  const action = group === 'backup' || group === 'restore' ? group : `${group} ${command}`;
  if (!KNOWN.includes(action))
    throw new AdminInputError(`"${[group, command].filter(Boolean).join(' ')}" is not a command.\n\n${USAGE}`);
  if (action === 'plan template') return planTemplateCommand(values);
  // What the command reads from files or options is checked before the store is opened.
  const file = action === 'plan import' ? importFile(rest) : undefined;
  const siteChanges = action === 'site setup' ? siteSettingsOf(values) : undefined;

  const connection = await openAdminConnection(configFromEnv());
  const { couch, names } = connection;
  try {
    if (MAIL_COMMANDS.includes(action))
      return await runMailCommand(couch, names, { action, rest, values, dataDir: configFromEnv().dataDir });
    await COMMANDS[action]?.({
      couch,
      names,
      values,
      rest,
      command,
      ...(file ? { file } : {}),
      ...(siteChanges ? { siteChanges } : {}),
    });
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
