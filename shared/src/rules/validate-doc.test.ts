import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../schemas/index.js';
import type { DocType, UserCtx } from '../types.js';
import { NO_PLANS, rulesConfig } from './config.js';
import { writeRefusal } from './permissions.js';
import { type AnyDoc, validateWorkspaceDoc } from './validate-doc.js';

const reporter: UserCtx = { name: 'ana', roles: ['reporter', 'org:sfp'] };
const admin: UserCtx = { name: 'root', roles: ['admin'] };

const validReport = {
  _id: 'report:r1',
  type: 'progressReport',
  planId: 'plan:p',
  commitmentId: 'commitment:c',
  keyActionId: 'keyAction:k',
  orgId: 'org:sfp',
  createdBy: 'ana',
  createdAt: '2024-01-01T10:00:00.000Z',
  status: 'draft',
  percent: 10,
  narrative: 'Started.',
  date: '2024-01-01',
  evidenceIds: [],
};

/** Documents that break one rule of the schema each; the server's checker and ajv must agree on all. */
const mutations: [string, (d: Record<string, unknown>) => void][] = [
  ['missing field', (d) => delete d.narrative],
  ['wrong type', (d) => (d.percent = '50')],
  ['out of range', (d) => (d.percent = -1)],
  ['bad date', (d) => (d.date = '2024-02-30x')],
  ['calendar-invalid date', (d) => (d.date = '2023-02-29')],
  ['calendar-invalid start', (d) => (d.startDate = '2024-04-31')],
  ['leap day of a leap century', (d) => (d.startDate = '2000-02-29')],
  ['no leap day in a plain century', (d) => (d.startDate = '2100-02-29')],
  ['leap day of a leap year', (d) => (d.endDate = '2024-02-29')],
  ['day 31 of a month of 30', (d) => (d.endDate = '2024-11-31')],
  ['month 13', (d) => (d.endDate = '2024-13-01')],
  ['bad enum', (d) => (d.status = 'approved')],
  ['extra field', (d) => (d.email = 'x@y.z')],
  ['bad list item', (d) => (d.evidenceIds = ['file:1'])],
  ['repeated list item', (d) => (d.evidenceIds = ['evidence:a', 'evidence:a'])],
  ['empty text', (d) => (d.narrative = '')],
  ['too long', (d) => (d.narrative = 'x'.repeat(20001))],
  ['integer', (d) => (d.number = 1.5)],
  ['nested', (d) => (d.irm = { ambition: 3 })],
];

describe('the rules’ schema checker', () => {
  const ajv = new Ajv({ strict: false });
  addFormats.default(ajv, ['date', 'date-time']);
  const samples: [DocType, Record<string, unknown>][] = [
    ['progressReport', validReport],
    [
      'commitment',
      {
        _id: 'commitment:c',
        type: 'commitment',
        planId: 'plan:p',
        number: 1,
        title: 'T',
        objective: 'O',
        ogpValues: [],
        themes: [],
        responsibleOrgIds: ['org:sfp'],
        coResponsibleOrgIds: [],
        startDate: '2024-01-01',
        endDate: '2024-12-31',
      },
    ],
  ];
  for (const [type, sample] of samples) {
    const validate = ajv.compile({
      ...SCHEMAS[type],
      properties: { ...SCHEMAS[type].properties, _id: { type: 'string' } },
    });
    const user = type === 'progressReport' ? reporter : admin;
    it(`accepts a valid ${type} like ajv does`, () => {
      expect(validate(sample)).toBe(true);
      expect(writeRefusal(sample as never, null, user)).toBeNull();
    });
    for (const [name, mutate] of mutations) {
      it(`agrees with ajv on a ${type} with ${name}`, () => {
        const doc = structuredClone(sample);
        mutate(doc);
        const ajvSays = validate(doc);
        const refusal = writeRefusal(doc as never, null, user);
        expect(refusal === null, refusal?.reason).toBe(ajvSays);
        if (refusal) expect(refusal.reason).toMatch(new RegExp(`^${type}\\.`));
      });
    }
  }
});

describe('refusals', () => {
  const facts = { ...NO_PLANS, committees: { 'plan:p': ['org:nosc'] } };
  it('carry a stable code, the field, and the reason in English and Spanish', () => {
    expect(writeRefusal({ ...validReport, percent: 150 } as never, null, reporter, facts)).toEqual({
      status: 403,
      code: 'too-large',
      field: 'percent',
      reason: 'progressReport.percent: must be at most 100.',
      reasonEs: 'progressReport.percent: debe ser como máximo 100.',
    });
    expect(writeRefusal({ ...validReport, orgId: 'org:gesoc' } as never, null, reporter, facts)).toMatchObject({
      code: 'other-organisation',
      field: 'orgId',
      reasonEs: 'orgId: usted escribe por org:sfp, no por org:gesoc.',
    });
  });
  it('never tell a person that they write for their own organisation and not for it', () => {
    const committee: UserCtx = { name: 'eva', roles: ['committee', 'org:nosc'] };
    const refusal = writeRefusal(
      { ...validReport, orgId: 'org:nosc', createdBy: 'eva' } as never,
      null,
      committee,
      facts,
    );
    expect(refusal).toMatchObject({ code: 'role-not-allowed' });
    expect(refusal?.reason).not.toMatch(/not for org:nosc/);
    expect(refusal?.reasonEs).toBe('Su cuenta (committee, org:nosc) no puede escribir el reporte de avance en plan:p.');
  });
});

describe('names that every object inherits from Object.prototype', () => {
  // `__proto__` only nested: at the top, fields starting with _ are CouchDB's, which refuses those it does not know.
  const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable'];
  // Parsed from JSON, as CouchDB and the gateway hand a document over: only then is `__proto__` a field of its own.
  const withField = (doc: object, name: string) => JSON.parse(JSON.stringify(doc).replace(/}$/, `,"${name}":"x"}`));
  /** The rule function itself, as the gateway and the app call it, for what it throws. */
  const rules = (doc: object, old: object | null, user: UserCtx) =>
    validateWorkspaceDoc(doc as AnyDoc, old as AnyDoc | null, user, rulesConfig(NO_PLANS));
  for (const name of names) {
    it(`are unknown fields of a report (${name}), as the refusal and as what the rule function throws`, () => {
      const doc = withField(validReport, name);
      expect(Object.keys(doc)).toContain(name);
      const reason = `progressReport.${name}: is not a field of progressReport.`;
      expect(writeRefusal(doc, null, reporter)).toMatchObject({ code: 'unknown-field', field: name, reason });
      expect(() => rules(doc, null, reporter)).toThrow(
        expect.objectContaining({ code: 'unknown-field', forbidden: reason }),
      );
    });
  }
  it('are unknown fields of a nested object too', () => {
    const commitment = {
      _id: 'commitment:c',
      type: 'commitment',
      planId: 'plan:p',
      number: 1,
      title: 'T',
      objective: 'O',
      ogpValues: [],
      themes: [],
      responsibleOrgIds: ['org:sfp'],
      coResponsibleOrgIds: [],
      startDate: '2024-01-01',
      endDate: '2024-12-31',
    };
    for (const name of ['constructor', '__proto__']) {
      const doc = { ...commitment, irm: withField({ ambition: 'high' }, name) };
      const reason = `commitment.irm.${name}: is not a field of commitment.irm.`;
      expect(writeRefusal(doc as never, null, admin)).toMatchObject({ code: 'unknown-field', field: name, reason });
      expect(() => rules(doc, null, admin)).toThrow(expect.objectContaining({ forbidden: reason }));
    }
  });
  it('are not document types', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const doc = { ...validReport, _id: `${name}:r1`, type: name };
      const reason = `type: "${name}" is not a Tablero document type.`;
      expect(writeRefusal(doc as never, null, reporter)).toMatchObject({ code: 'unknown-type', reason });
      expect(() => rules(doc, null, reporter)).toThrow(expect.objectContaining({ code: 'unknown-type' }));
    }
  });
  it('do not hide a field taken off a published document, where a schema admits other fields', () => {
    // Every schema Tablero installs refuses unknown fields; the comparison must not rely on that.
    const cfg = rulesConfig(NO_PLANS);
    const open = {
      ...cfg,
      schemas: { ...cfg.schemas, progressReport: { ...cfg.schemas.progressReport, additionalProperties: true } },
    };
    const published = { ...validReport, status: 'published' };
    const refused = (next: AnyDoc, previous: AnyDoc) => {
      try {
        validateWorkspaceDoc(next, previous, reporter, open);
        return null;
      } catch (thrown) {
        return thrown as { code?: string; forbidden?: string };
      }
    };
    expect(refused(published, withField(published, 'constructor'))).toMatchObject({
      code: 'frozen',
      forbidden: expect.stringMatching(/^constructor: /),
    });
    expect(
      refused({ ...published, note: {} }, { ...published, note: JSON.parse('{"constructor":"x"}') }),
    ).toMatchObject({ code: 'frozen', forbidden: expect.stringMatching(/^note: /) });
  });
});

describe('the organisation that validated a report', () => {
  const committee: UserCtx = { name: 'carla', roles: ['committee', 'org:nosc'] };
  const cfg = rulesConfig({ ...NO_PLANS, reviewPlanIds: ['plan:p'], committees: { 'plan:p': ['org:nosc'] } });
  const submitted = { ...validReport, status: 'submitted' };
  const thrown = (next: object, previous: object | null, user: UserCtx) => {
    try {
      validateWorkspaceDoc(next as AnyDoc, previous as AnyDoc | null, user, cfg);
      return null;
    } catch (refusal) {
      return refusal as { code?: string };
    }
  };
  const validated = { ...submitted, status: 'published', reviewedBy: 'carla', reviewedAt: '2024-01-02T10:00:00.000Z' };
  it('is the committee member’s own organisation, since the public reads it', () => {
    expect(thrown({ ...validated, reviewedByOrgId: 'org:nosc' }, submitted, committee)).toBeNull();
    expect(thrown({ ...validated, reviewedByOrgId: 'org:inai' }, submitted, committee)).toMatchObject({
      code: 'other-organisation',
    });
  });
  it('is not written by the reporter, at creation or later', () => {
    expect(thrown({ ...submitted, reviewedByOrgId: 'org:nosc' }, null, reporter)).toMatchObject({
      code: 'committee-only',
    });
    const draft = { ...validReport };
    expect(thrown({ ...draft, reviewedByOrgId: 'org:nosc' }, draft, reporter)).toMatchObject({
      code: 'committee-only',
    });
  });
});

describe("a reported day after the checking machine's today", () => {
  const cfgAt = (utcOffsetMinutes: number) => ({ ...rulesConfig(NO_PLANS), utcOffsetMinutes });
  const dayAt = (offsetMinutes: number, days = 0) =>
    new Date(Date.now() + offsetMinutes * 60000 + days * 86400000).toISOString().slice(0, 10);
  const check = (date: string, offset: number) => () =>
    validateWorkspaceDoc({ ...validReport, date } as AnyDoc, null, reporter, cfgAt(offset));

  it('is refused, with no tolerance: a device a day ahead cannot report tomorrow', () => {
    for (const offset of [-360, 0, 480]) {
      expect(check(dayAt(offset, 1), offset)).toThrow(expect.objectContaining({ code: 'future-date' }));
      expect(check(dayAt(offset), offset)).not.toThrow();
    }
  });

  it("follows the machine's time zone, not UTC's", () => {
    // The day UTC+14 is in is tomorrow's somewhere every hour, and never after today's there.
    expect(check(dayAt(14 * 60), 14 * 60)).not.toThrow();
    expect(check(dayAt(14 * 60, 1), 14 * 60)).toThrow(expect.objectContaining({ code: 'future-date' }));
  });
});
