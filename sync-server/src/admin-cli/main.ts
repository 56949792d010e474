import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isoDay, ORG_KINDS, type Organization, type Plan } from '../../../shared/src/index.js';
import { writeRefusal } from '../../../shared/src/rules/permissions.js';
import { openAdminConnection } from '../admin/connection.js';
import { planCsv, planDocs, planJson } from '../admin/plan-export.js';
import { PlanFileError, readCsvPlan, readJsonPlan } from '../admin/plan-file.js';
import { importRecords } from '../admin/plan-import.js';
import { AdminInputError, addUser, disableUser, listUsers, setPassword } from '../admin/users.js';
import { syncWorkspaceRules } from '../bootstrap/design-docs.js';
import { ConfigError, configFromEnv } from '../config.js';
import { docsWithPrefix, getOrNull, putIfChanged, useDb } from '../couch/client.js';

const USAGE = `Tablero admin. Usage: npm run admin -- <command> [options]

  org add --id ID --name NAME --kind ${ORG_KINDS.join('|')} [--acronym A] [--url URL]
  org list
  user add --name NAME --password PASSWORD --role reporter|committee|admin [--org ORG]
  user passwd --name NAME --password PASSWORD
  user disable --name NAME
  user list
  plan import FILE              (.json or .csv; all or nothing; re-import is harmless)
  plan export --plan ID [--format json|csv] [--out FILE]
  plan list
  plan new --id ID --title TITLE --start YYYY-MM-DD --end YYYY-MM-DD --country C
           [--committee ORG,ORG] [--review]   (a new plan; organisations and accounts carry over)
  plan close --plan ID          (read-only for everyone, stays public)

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
  ];
  if (!known.includes(`${group} ${command}`))
    throw new AdminInputError(`"${[group, command].filter(Boolean).join(' ')}" is not a command.\n\n${USAGE}`);

  let file: { name: string; text: string } | undefined;
  if (group === 'plan' && command === 'import') {
    const name = rest[0];
    if (!name) throw new AdminInputError('plan import: name the file to import.');
    if (!fs.existsSync(name)) throw new AdminInputError(`${name}: no such file.`);
    file = { name, text: fs.readFileSync(name, 'utf8') };
  }

  const connection = await openAdminConnection(configFromEnv());
  const { couch, names } = connection;
  const workspace = useDb(couch, names.workspace);
  try {
    switch (`${group} ${command}`) {
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
      case 'user add':
        await addUser(couch, names, {
          name: values.name ?? '',
          password: values.password ?? '',
          role: values.role as never,
          ...(values.org ? { org: values.org } : {}),
        });
        console.log(`Added user ${values.name}.`);
        break;
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
        const { name, text } = file as { name: string; text: string };
        const read = path.extname(name).toLowerCase() === '.csv' ? readCsvPlan(name, text) : readJsonPlan(name, text);
        const summary = await importRecords(couch, names, name, read.records, read.problems);
        console.log(`${name}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged.`);
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
  if (error instanceof AdminInputError || error instanceof PlanFileError || error instanceof ConfigError)
    console.error(`Error: ${error.message}`);
  else if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    console.error(`Error: ${(error as Error).message}\n\n${USAGE}`);
  else console.error(`Error: ${(error as Error).message ?? error}`);
  process.exit(1);
}
