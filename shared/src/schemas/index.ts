import { CURRENT_SCHEMA_VERSION } from '../migrations.js';
import { MAX_CHANGES, MAX_REVISIONS, REVISED_FIELDS } from '../plan-revision.js';
import {
  COMPLETION_LEVELS,
  type DocType,
  EVIDENCE_KINDS,
  OGP_VALUES,
  OPENED_GOVERNMENT_LEVELS,
  ORG_KINDS,
  QUESTION_MODERATIONS,
  QUESTION_STATUSES,
  REVIEW_KINDS,
  STATUSES,
} from '../types.js';
import type { JsonSchema } from './json-schema.js';

export type { JsonSchema } from './json-schema.js';

/** Every document id starts with its type's prefix, so ids stay readable: `commitment:mx-4pa-01`. */
export const ID_PREFIX: Record<DocType, string> = {
  plan: 'plan:',
  organization: 'org:',
  commitment: 'commitment:',
  keyAction: 'keyAction:',
  progressReport: 'report:',
  evidence: 'evidence:',
  review: 'review:',
  assessment: 'assessment:',
  evaluation: 'evaluation:',
  question: 'question:',
  answer: 'answer:',
};

/** What follows the type prefix in an id. */
export const ID_SLUG = '[a-z0-9][a-z0-9._-]{0,79}';
const ref = (type: DocType): JsonSchema => ({
  type: 'string',
  pattern: `^${ID_PREFIX[type]}${ID_SLUG}$`,
  maxLength: 100,
  description: `a ${type} id such as ${ID_PREFIX[type]}example (lower-case letters, digits, . _ -)`,
});
const refs = (type: DocType, minItems = 0): JsonSchema => ({
  type: 'array',
  items: ref(type),
  minItems,
  maxItems: 50,
  uniqueItems: true,
});
const text = (maxLength: number, minLength = 1): JsonSchema => ({ type: 'string', minLength, maxLength });
const date: JsonSchema = {
  type: 'string',
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  format: 'date',
  description: 'a date in the form YYYY-MM-DD',
};
const time: JsonSchema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
  format: 'date-time',
  description: 'a UTC time such as 2024-05-01T10:00:00Z',
};
/** The longest question the public may ask, its asker's name, and an answer, in characters. */
export const QUESTION_TEXT_MAX = 2000;
export const QUESTION_NAME_MAX = 100;
export const ANSWER_TEXT_MAX = 4000;
const percent: JsonSchema = { type: 'number', minimum: 0, maximum: 100 };
const WEB_ADDRESS = '^https?://[^\\s]+$';
const webAddress = new RegExp(WEB_ADDRESS);
/** Whether a text is a web address evidence may link to (the schema's own pattern), for forms. */
export const isWebAddress = (text: string): boolean => webAddress.test(text);
const url: JsonSchema = {
  type: 'string',
  pattern: WEB_ADDRESS,
  maxLength: 2000,
  description: 'a web address starting with http:// or https://',
};
const userName: JsonSchema = { type: 'string', minLength: 1, maxLength: 80 };
/** A plan's public history (plan-revision.ts), written by the server's import, never by a device. */
const planRevisions: JsonSchema = {
  type: 'array',
  maxItems: MAX_REVISIONS,
  items: object(
    {
      revision: { type: 'integer', minimum: 1 },
      at: time,
      source: text(200),
      changes: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_CHANGES,
        items: object(
          {
            change: { type: 'string', enum: ['added', 'removed', 'changed'] },
            docType: { type: 'string', enum: ['plan', 'commitment', 'keyAction'] },
            id: text(100),
            commitmentId: text(100),
            number: text(20),
            title: text(300, 0),
            field: { type: 'string', enum: [...new Set(Object.values(REVISED_FIELDS).flat())] },
            before: text(4000, 0),
            after: text(4000, 0),
          },
          ['change', 'docType', 'id', 'title'],
        ),
      },
    },
    ['revision', 'at', 'source', 'changes'],
  ),
};
const status: JsonSchema = { type: 'string', enum: STATUSES };
const type = (t: DocType): JsonSchema => ({ type: 'string', enum: [t] });

const authored = {
  planId: ref('plan'),
  orgId: ref('organization'),
  createdBy: userName,
  createdAt: time,
  updatedAt: time,
  receivedAt: time,
  status,
  returnReason: text(2000),
  reviewedBy: userName,
  reviewedByOrgId: ref('organization'),
  reviewedAt: time,
  withdrawnReason: text(2000),
  internalNote: text(4000, 0),
  demo: { type: 'boolean' },
} satisfies Record<string, JsonSchema>;
const authoredRequired = ['planId', 'orgId', 'createdBy', 'createdAt', 'status'] as const;

/**
 * A document type's schema, its field names and required ones kept in its type, so that
 * `schemas/matches-types.ts` holds them to the document's TypeScript type at compile time.
 */
export interface DocumentSchema<Field extends string, Required extends Field> extends JsonSchema {
  properties: Record<Field, JsonSchema>;
  required: readonly Required[];
}

/** A workspace document's schema: its fields, and the version of its shape (see migrations.ts). */
function documentOf<const P extends Record<string, JsonSchema>, const R extends keyof P & string>(
  properties: P,
  required: readonly R[],
): DocumentSchema<(keyof P & string) | 'schemaVersion', R> {
  return {
    type: 'object',
    properties: { ...properties, schemaVersion: { type: 'integer', minimum: 1, maximum: CURRENT_SCHEMA_VERSION } },
    required,
    additionalProperties: false,
  };
}

function object(properties: Record<string, JsonSchema>, required: readonly string[]): JsonSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

const DOCUMENT_SCHEMAS = {
  plan: documentOf(
    {
      type: type('plan'),
      country: text(100),
      title: text(300),
      titleEn: text(300),
      description: text(4000, 0),
      startDate: date,
      endDate: date,
      languages: { type: 'array', items: { type: 'string', pattern: '^[a-z]{2}$' }, minItems: 1, maxItems: 10 },
      reviewRequired: { type: 'boolean' },
      committeeOrgIds: refs('organization'),
      closed: { type: 'boolean' },
      closedOn: date,
      sourceUrls: { type: 'array', items: url, maxItems: 20 },
      questionModeration: { type: 'string', enum: QUESTION_MODERATIONS },
      revisions: planRevisions,
    },
    ['type', 'country', 'title', 'startDate', 'endDate', 'languages', 'reviewRequired', 'committeeOrgIds'],
  ),
  organization: documentOf(
    {
      type: type('organization'),
      kind: { type: 'string', enum: ORG_KINDS },
      name: text(300),
      acronym: text(40),
      url,
    },
    ['type', 'kind', 'name'],
  ),
  commitment: documentOf(
    {
      type: type('commitment'),
      planId: ref('plan'),
      number: { type: 'integer', minimum: 1, maximum: 10000 },
      ogpId: text(40),
      title: text(300),
      titleEn: text(300),
      problem: text(8000, 0),
      objective: text(8000, 0),
      ogpValues: { type: 'array', items: { type: 'string', enum: OGP_VALUES }, uniqueItems: true, maxItems: 4 },
      themes: { type: 'array', items: text(100), maxItems: 40 },
      responsibleOrgIds: refs('organization'),
      coResponsibleOrgIds: refs('organization'),
      supportOrgIds: refs('organization'),
      startDate: date,
      endDate: date,
      unverifiedFields: { type: 'array', items: text(60), maxItems: 30 },
      irm: object({ verifiable: text(100), relevant: text(100), ambition: text(100), earlyResults: text(200) }, []),
      sourceUrl: url,
    },
    [
      'type',
      'planId',
      'number',
      'title',
      'objective',
      'ogpValues',
      'themes',
      'responsibleOrgIds',
      'coResponsibleOrgIds',
      'startDate',
      'endDate',
    ],
  ),
  keyAction: documentOf(
    {
      type: type('keyAction'),
      planId: ref('plan'),
      commitmentId: ref('commitment'),
      number: { type: 'integer', minimum: 1, maximum: 10000 },
      title: text(500),
      responsibleOrgIds: refs('organization', 1),
      startDate: date,
      endDate: date,
      weight: { type: 'number', minimum: 0, maximum: 1000 },
      deliverable: text(2000, 0),
      demo: { type: 'boolean' },
    },
    ['type', 'planId', 'commitmentId', 'number', 'title', 'responsibleOrgIds', 'startDate', 'endDate', 'weight'],
  ),
  progressReport: documentOf(
    {
      ...authored,
      type: type('progressReport'),
      commitmentId: ref('commitment'),
      keyActionId: ref('keyAction'),
      percent,
      narrative: text(20000),
      date,
      evidenceIds: refs('evidence'),
      corrects: ref('progressReport'),
    },
    [...authoredRequired, 'type', 'commitmentId', 'keyActionId', 'percent', 'narrative', 'date', 'evidenceIds'],
  ),
  evidence: documentOf(
    {
      ...authored,
      type: type('evidence'),
      title: text(300),
      kind: { type: 'string', enum: EVIDENCE_KINDS },
      file: object(
        {
          sha256: { type: 'string', pattern: '^[a-f0-9]{64}$' },
          name: text(255),
          mediaType: { type: 'string', pattern: '^[a-z]+/[a-zA-Z0-9.+-]+$', maxLength: 120 },
          size: { type: 'integer', minimum: 0, maximum: 1e10 },
        },
        ['sha256', 'name', 'mediaType', 'size'],
      ),
      url,
    },
    [...authoredRequired, 'type', 'title', 'kind'],
  ),
  review: documentOf(
    {
      type: type('review'),
      planId: ref('plan'),
      kind: { type: 'string', enum: REVIEW_KINDS },
      commitmentId: ref('commitment'),
      reportId: ref('progressReport'),
      text: text(20000),
      visibility: { type: 'string', enum: ['public', 'internal'] },
      date,
      orgId: ref('organization'),
      createdBy: userName,
      createdAt: time,
      receivedAt: time,
      participantOrgIds: refs('organization'),
      agreements: text(20000, 0),
      minutesEvidenceIds: refs('evidence'),
      demo: { type: 'boolean' },
    },
    ['type', 'planId', 'kind', 'commitmentId', 'text', 'visibility', 'date', 'orgId', 'createdBy', 'createdAt'],
  ),
  assessment: documentOf(
    {
      ...authored,
      type: type('assessment'),
      commitmentId: ref('commitment'),
      by: { type: 'string', enum: ['cso', 'committee'] },
      percent,
      narrative: text(20000),
      date,
      evidenceIds: refs('evidence'),
      supersedes: ref('assessment'),
    },
    [...authoredRequired, 'type', 'commitmentId', 'by', 'percent', 'narrative', 'date'],
  ),
  evaluation: documentOf(
    {
      type: type('evaluation'),
      planId: ref('plan'),
      commitmentId: ref('commitment'),
      suggestedLevel: { type: 'string', enum: COMPLETION_LEVELS },
      progressAtEvaluation: percent,
      level: { type: 'string', enum: COMPLETION_LEVELS },
      reason: text(4000),
      openedGovernmentLevel: { type: 'string', enum: OPENED_GOVERNMENT_LEVELS },
      openedGovernment: text(8000, 0),
      date,
      orgId: ref('organization'),
      createdBy: userName,
      createdAt: time,
      receivedAt: time,
    },
    [
      'type',
      'planId',
      'commitmentId',
      'suggestedLevel',
      'progressAtEvaluation',
      'level',
      'date',
      'orgId',
      'createdBy',
      'createdAt',
    ],
  ),
  question: documentOf(
    {
      type: type('question'),
      planId: ref('plan'),
      commitmentId: ref('commitment'),
      reportId: ref('progressReport'),
      text: text(QUESTION_TEXT_MAX),
      name: text(QUESTION_NAME_MAX),
      status: { type: 'string', enum: QUESTION_STATUSES },
      receivedAt: time,
      publishedAt: time,
      moderatedBy: userName,
      moderatedByOrgId: ref('organization'),
      moderatedAt: time,
      rejectionReason: text(2000),
    },
    ['type', 'planId', 'commitmentId', 'text', 'status', 'receivedAt'],
  ),
  answer: documentOf(
    {
      type: type('answer'),
      planId: ref('plan'),
      commitmentId: ref('commitment'),
      questionId: ref('question'),
      orgId: ref('organization'),
      text: text(ANSWER_TEXT_MAX),
      createdBy: userName,
      createdAt: time,
      updatedAt: time,
      receivedAt: time,
    },
    ['type', 'planId', 'commitmentId', 'questionId', 'orgId', 'text', 'createdBy', 'createdAt'],
  ),
} satisfies Record<DocType, JsonSchema>;

/** Each document type's schema with its field names kept, for `matches-types.ts`. */
export type DocumentSchemas = typeof DOCUMENT_SCHEMAS;
/** One schema per document type, without CouchDB's own `_id`/`_rev` fields. */
export const SCHEMAS: Record<DocType, JsonSchema> = DOCUMENT_SCHEMAS;
