import fs from 'node:fs';
import path from 'node:path';
import type {
  Commitment,
  Evidence,
  KeyAction,
  OgpValue,
  Organization,
  OrgKind,
  Plan,
  ProgressReport,
} from '../../../shared/src/index.js';
import type { PlanRecord } from '../admin/plan-file.js';
import { importRecords } from '../admin/plan-import.js';
import { AdminInputError, addUser, type NewUser } from '../admin/users.js';
import type { DbNames } from '../config.js';
import { type Couch, getOrNull, useDb } from '../couch/client.js';
import { DEMO_DIR } from '../paths.js';

/** Compiled from public sources; see demo/SOURCES.md. Key actions and reports are made up for the demo. */
interface SourceData {
  plan: { name: string; ogpName: string; country: string; sources: string[] };
  organizations: { id: string; name: string; acronym?: string; kind: string }[];
  commitments: {
    ogpId: string;
    number: number;
    titleEs: string;
    titleEn: string;
    objectiveEs?: string;
    leadOrgIds: string[];
    supportOrgIds: string[];
    policyAreas: string[];
    irmEarlyResults?: string;
    irmDesign?: { verifiable?: string; relevant?: string; ambition?: string };
    sourceUrl: string;
    unverifiedFields: string[];
  }[];
}

export const DEMO_PLAN_ID = 'plan:mx-4pa';
export const DEMO_PASSWORD = 'demo-tablero';
export const DEMO_USERS: NewUser[] = [
  { name: 'demo-gobierno', password: DEMO_PASSWORD, role: 'reporter', org: 'sfp' },
  { name: 'demo-osc', password: DEMO_PASSWORD, role: 'reporter', org: 'gesoc' },
  { name: 'demo-comite', password: DEMO_PASSWORD, role: 'committee', org: 'nosc' },
  { name: 'demo-admin', password: DEMO_PASSWORD, role: 'admin' },
];

const START = '2019-12-10';
const END = '2021-08-31';

/** OGP's four values, derived from the policy areas OGP tagged each commitment with. */
const VALUE_OF_AREA: Record<string, OgpValue> = {
  'Access to Information': 'accessToInformation',
  'Open Data': 'accessToInformation',
  'Publication of Budget/Fiscal Information': 'accessToInformation',
  'Public Participation': 'civicParticipation',
  'Democratizing Decision-Making': 'civicParticipation',
  'Public Participation in Budget/Fiscal Policy': 'civicParticipation',
  'Social Accountability': 'publicAccountability',
  'Anti-Corruption and Integrity': 'publicAccountability',
  'Beneficial Ownership': 'publicAccountability',
  'Fiscal Openness': 'publicAccountability',
  'E-Government': 'technologyAndInnovation',
  'Digital Governance': 'technologyAndInnovation',
};

/** The source's field names, as the fields of a commitment they became. */
const UNVERIFIED_FIELD: Record<string, string[]> = {
  titleEs: ['title'],
  objectiveEs: ['objective'],
  leadOrgIds: ['responsibleOrgIds', 'coResponsibleOrgIds'],
  supportOrgIds: ['supportOrgIds'],
  policyAreas: ['themes', 'ogpValues'],
  irmEarlyResults: ['irm'],
};

const KIND: Record<string, OrgKind> = { government: 'government', cso: 'cso', autonomous: 'autonomous' };

/** Illustrative key actions, the same three stages for every commitment whose leads are known. */
const STAGES = [
  {
    title: 'Instalación de la mesa de trabajo y diagnóstico',
    start: START,
    end: '2020-06-30',
    weight: 1,
    deliverable: 'Diagnóstico y plan de trabajo publicados',
  },
  {
    title: 'Diseño y desarrollo del mecanismo o herramienta',
    start: '2020-04-01',
    end: '2021-02-28',
    weight: 2,
    deliverable: 'Herramienta o mecanismo en operación',
  },
  {
    title: 'Piloto e informe público de resultados',
    start: '2020-12-01',
    end: END,
    weight: 2,
    deliverable: 'Informe de resultados del piloto',
  },
];

/** Illustrative final progress of each stage, by commitment number, to show every schedule state. */
const STORY: Record<number, [number, number, number]> = {
  1: [100, 80, 40],
  2: [100, 100, 70],
  4: [100, 60, 20],
  5: [100, 50, 0],
  8: [60, 0, 0],
  10: [100, 100, 100],
  11: [100, 30, 0],
  12: [40, 0, 0],
  13: [100, 90, 60],
};

const pad = (n: number) => String(n).padStart(2, '0');
const org = (id: string) => `org:${id}`;

/** A day between two dates, `fraction` of the way. */
function between(start: string, end: string, fraction: number): string {
  const a = Date.parse(start);
  return new Date(a + (Date.parse(end) - a) * fraction).toISOString().slice(0, 10);
}

type Add = (where: string, doc: object) => void;
type SourceCommitment = SourceData['commitments'][number];
type Stage = (typeof STAGES)[number];

function demoPlan(source: SourceData): Plan {
  return {
    _id: DEMO_PLAN_ID,
    type: 'plan',
    country: source.plan.country,
    title: source.plan.name,
    titleEn: source.plan.ogpName,
    description:
      'Plan presentado el 10 de diciembre de 2019; sus objetivos de corto plazo vencían el 31 de agosto de 2021 y OGP lo registra como 2019-2022. ' +
      // The IRM's results report summary (the source's irm.resultsReportSummary) in the plan's own language.
      'Mecanismo de Revisión Independiente: resultados tempranos en 9 de 13 compromisos (5 marginales, 3 significativos y 1 sobresaliente); 4 quedaron en pausa sin evidencia de resultados (3 listados como inactivos). ' +
      'Las acciones clave y los reportes de avance de esta instalación son datos de demostración.',
    startDate: START,
    endDate: END,
    languages: ['es'],
    reviewRequired: false,
    committeeOrgIds: ['sfp', 'inai', 'nosc'].map(org),
    sourceUrls: source.plan.sources,
  };
}

/** A commitment of the source: government leads responsible, civil-society leads co-responsible. */
function demoCommitment(
  c: SourceCommitment,
  id: string,
  leads: { id: string; kind: OrgKind | undefined }[],
): Commitment {
  const responsible = leads.filter((l) => l.kind !== 'cso').map((l) => l.id);
  const coResponsible = leads.filter((l) => l.kind === 'cso').map((l) => l.id);
  const commitment: Commitment = {
    _id: `commitment:${id}`,
    type: 'commitment',
    planId: DEMO_PLAN_ID,
    number: c.number,
    ogpId: c.ogpId,
    title: c.titleEs,
    titleEn: c.titleEn,
    objective: c.objectiveEs || 'Objetivo por confirmar en las fuentes públicas.',
    ogpValues: [...new Set(c.policyAreas.flatMap((a) => VALUE_OF_AREA[a] ?? []))],
    themes: c.policyAreas,
    responsibleOrgIds: responsible,
    coResponsibleOrgIds: coResponsible,
    supportOrgIds: c.supportOrgIds.map(org).filter((o) => !responsible.includes(o) && !coResponsible.includes(o)),
    startDate: START,
    endDate: END,
    sourceUrl: c.sourceUrl,
    unverifiedFields: [...new Set(c.unverifiedFields.flatMap((f) => UNVERIFIED_FIELD[f] ?? [f]))],
  };
  const irm = { ...c.irmDesign, ...(c.irmEarlyResults ? { earlyResults: c.irmEarlyResults } : {}) };
  if (Object.keys(irm).length) commitment.irm = irm;
  return commitment;
}

/** One published report of a stage, with the evidence its last report links to. */
function demoReport(
  add: Add,
  c: SourceCommitment,
  keyAction: KeyAction,
  stage: Stage,
  { percent, step, steps }: { percent: number; step: number; steps: number },
): void {
  const id = keyAction._id.slice('keyAction:'.length);
  const date = between(stage.start, stage.end, steps === 1 ? 0.5 : 0.35 + step * 0.6);
  const reportId = `report:demo-${id}-${step + 1}`;
  const stageOrgs = keyAction.responsibleOrgIds;
  const author = stageOrgs[(keyAction.number - 1 + step) % stageOrgs.length] as string;
  const evidenceIds: string[] = [];
  if (step === steps - 1) {
    const evidence: Evidence = {
      _id: `evidence:demo-${id}`,
      type: 'evidence',
      planId: DEMO_PLAN_ID,
      orgId: author,
      createdBy: 'demo-data',
      createdAt: `${date}T16:00:00Z`,
      status: 'published',
      title: `Ficha del compromiso ${c.ogpId} en el sitio de OGP`,
      kind: 'link',
      url: c.sourceUrl,
      demo: true,
    };
    add(`evidence ${evidence._id}`, evidence);
    evidenceIds.push(evidence._id);
  }
  const report: ProgressReport = {
    _id: reportId,
    type: 'progressReport',
    planId: DEMO_PLAN_ID,
    commitmentId: keyAction.commitmentId,
    keyActionId: keyAction._id,
    orgId: author,
    createdBy: 'demo-data',
    createdAt: `${date}T16:00:00Z`,
    status: 'published',
    percent,
    date,
    narrative:
      percent === 100
        ? `Etapa concluida: ${stage.deliverable.toLowerCase()}. (Reporte de demostración.)`
        : `Avance de la etapa "${stage.title.toLowerCase()}": ${percent} %. Se trabaja con las organizaciones corresponsables. (Reporte de demostración.)`,
    evidenceIds,
    demo: true,
  };
  add(`progressReport ${reportId}`, report);
}

/** The demo's key actions of a commitment, one a stage, each with the reports its story gives. */
function demoStages(add: Add, c: SourceCommitment, commitment: Commitment, leadIds: string[], story: number[]): void {
  const responsible = commitment.responsibleOrgIds;
  STAGES.forEach((stage, s) => {
    const keyAction: KeyAction = {
      _id: `${commitment._id.replace(/^commitment:/, 'keyAction:')}-${s + 1}`,
      type: 'keyAction',
      planId: DEMO_PLAN_ID,
      commitmentId: commitment._id,
      number: s + 1,
      title: stage.title,
      responsibleOrgIds: s === 1 && responsible.length ? responsible : leadIds,
      startDate: stage.start,
      endDate: stage.end,
      weight: stage.weight,
      deliverable: stage.deliverable,
      demo: true,
    };
    add(`keyAction ${keyAction._id}`, keyAction);
    const final = story[s] ?? 0;
    const percents = final === 0 ? [] : final >= 50 ? [Math.round(final / 2), final] : [final];
    percents.forEach((percent, step) => {
      demoReport(add, c, keyAction, stage, { percent, step, steps: percents.length });
    });
  });
}

export function demoRecords(source: SourceData): PlanRecord[] {
  const kindOf = new Map(source.organizations.map((o) => [o.id, KIND[o.kind] ?? 'other']));
  const records: PlanRecord[] = [];
  const add: Add = (where, doc) => records.push({ where, doc: doc as Record<string, unknown> });
  for (const o of source.organizations) {
    const doc: Organization = { _id: org(o.id), type: 'organization', kind: KIND[o.kind] ?? 'other', name: o.name };
    if (o.acronym) doc.acronym = o.acronym;
    add(`organization ${o.id}`, doc);
  }
  add('plan', demoPlan(source));
  for (const c of source.commitments) {
    const id = `mx-4pa-${pad(c.number)}`;
    const leads = c.leadOrgIds.map((o) => ({ id: org(o), kind: kindOf.get(o) }));
    const commitment = demoCommitment(c, id, leads);
    add(`commitment ${c.number}`, commitment);
    const story = STORY[c.number];
    if (story && leads.length > 0)
      demoStages(
        add,
        c,
        commitment,
        leads.map((l) => l.id),
        story,
      );
  }
  return records;
}

export function readDemoSource(): SourceData {
  return JSON.parse(fs.readFileSync(path.join(DEMO_DIR, 'mx-4pa.json'), 'utf8')) as SourceData;
}

/** Loads the demo plan and accounts unless the demo plan is there already. */
export async function loadDemoOnFirstStart(couch: Couch, names: DbNames): Promise<boolean> {
  if (await getOrNull(useDb(couch, names.workspace), DEMO_PLAN_ID)) return false;
  await importRecords(couch, names, 'demo data', demoRecords(readDemoSource()));
  for (const user of DEMO_USERS) {
    try {
      await addUser(couch, names, user);
    } catch (error) {
      if (!(error instanceof AdminInputError)) throw error;
    }
  }
  return true;
}
