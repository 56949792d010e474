/** The public API, described for re-users (OpenAPI 3.1), served at /api/openapi.json. */
import { COMPLETION_LEVELS } from '../../../shared/src/types.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema: object, type = 'application/json') => ({
  200: { description, headers: { ETag: { $ref: '#/components/headers/ETag' } }, content: { [type]: { schema } } },
  304: { description: 'Not modified: the If-None-Match ETag is current.' },
});
const notFound = {
  404: { description: 'No such public record.', content: { 'application/json': { schema: ref('Error') } } },
};
const idParam = (what: string, example: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description: what,
  schema: { type: 'string' },
  example,
});
const csvLangParam = {
  name: 'lang',
  in: 'query',
  description:
    'es: Spanish column names and coded values (states, statuses, levels, yes/no); English and codes otherwise.',
  schema: { type: 'string', enum: ['en', 'es'], default: 'en' },
};
const scheduleState = { type: 'string', enum: ['notStarted', 'onTrack', 'delayed', 'completed'] };
const orgMap = {
  type: 'object',
  additionalProperties: ref('Organization'),
  description: 'The organisations the response mentions, by id.',
};
const text = { type: 'string' };
const integer = { type: 'integer' };
const number = { type: 'number' };
const bool = { type: 'boolean' };
const date = { type: 'string', format: 'date' };
const dateTime = { type: 'string', format: 'date-time' };
const ids = { type: 'array', items: text };
const percent = { type: 'number', minimum: 0, maximum: 100 };
const level = { type: 'string', enum: [...COMPLETION_LEVELS] };
const openedLevel = {
  type: 'string',
  enum: ['didNotChange', 'marginal', 'major', 'outstanding'],
  description: 'The IRM’s “Did it open government?” scale.',
};

const askDescription =
  'The question waits for the plan’s committee (status pending) unless the plan is moderated afterwards (published). ' +
  'Limited per address and per commitment: 429 with Retry-After. A post sooner than the form’s minimum time, ' +
  'or with more than 2 links, is refused.';
const askResponses = {
  202: {
    description: 'Received',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Asked' } } },
  },
  400: {
    description: 'Bad input: `field` names it (text, name, email, token); nothing is stored.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/AskRefused' } } },
  },
  404: { description: 'No such public commitment or published report.' },
  429: {
    description: 'Too many questions from this address or on this commitment; see Retry-After.',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
  },
};

/**
 * An object with these required and optional properties and no others, so a field the server
 * starts sending without documenting it here fails the API test.
 */
function record(required: Record<string, object>, optional: Record<string, object> = {}, description?: string) {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

const organizationFields = {
  required: {
    id: { type: 'string', example: 'org:sfp' },
    type: { const: 'organization' },
    kind: { type: 'string', enum: ['government', 'cso', 'autonomous', 'other'] },
    name: text,
  },
  optional: { acronym: text, url: text },
};
const commitmentFields = {
  required: {
    id: { type: 'string', example: 'commitment:mx-4pa-01' },
    type: { const: 'commitment' },
    planId: text,
    number: integer,
    title: text,
    objective: text,
    ogpValues: ids,
    themes: ids,
    responsibleOrgIds: ids,
    coResponsibleOrgIds: ids,
    startDate: date,
    endDate: date,
    progress: { ...percent, description: 'Key actions’ progress weighted by their weight, 0-100.' },
    scheduleState,
    keyActionCount: integer,
  },
  optional: {
    ogpId: text,
    titleEn: text,
    problem: text,
    supportOrgIds: ids,
    irm: record(
      {},
      { verifiable: text, relevant: text, ambition: text, earlyResults: text },
      'The IRM’s design assessment.',
    ),
    sourceUrl: text,
    unverifiedFields: { ...ids, description: 'Fields the sources could not confirm.' },
    lastReportDate: date,
    demo: bool,
    delay: ref('Delay'),
  },
};
const keyActionFields = {
  required: {
    id: text,
    type: { const: 'keyAction' },
    planId: text,
    commitmentId: text,
    number: integer,
    title: text,
    responsibleOrgIds: ids,
    startDate: date,
    endDate: date,
    weight: number,
    progress: { ...percent, description: 'Percent of the latest counting published report.' },
    scheduleState,
  },
  optional: { deliverable: text, lastReportDate: date, demo: bool, delay: ref('Delay') },
};
const evaluationFields = {
  required: {
    id: text,
    type: { const: 'evaluation' },
    planId: text,
    commitmentId: text,
    suggestedLevel: level,
    progressAtEvaluation: percent,
    level,
    date,
    orgId: text,
  },
  optional: { reason: text, openedGovernmentLevel: openedLevel, openedGovernment: text },
};

export const openApi = {
  openapi: '3.1.0',
  info: {
    title: 'Tablero public API',
    version: '1',
    description:
      'Read-only data about Open Government Partnership action plans: plans, commitments, key actions, ' +
      'published progress reports with their evidence, committee observations and CSO assessments. ' +
      'Only published records appear. Every response carries an ETag that changes when the public data does; ' +
      'send it back as If-None-Match to get a 304. Records marked `demo: true` are illustrative demo data.',
    license: { name: 'Data: as published by each plan; software: AGPL-3.0-or-later' },
  },
  servers: [{ url: '/api' }],
  components: {
    headers: { ETag: { description: 'Version of the public data.', schema: { type: 'string' } } },
    schemas: {
      Error: record({ error: text }, { reason: text }),
      Organization: record(organizationFields.required, organizationFields.optional),
      Plan: record(
        {
          id: { type: 'string', example: 'plan:mx-4pa' },
          type: { const: 'plan' },
          country: text,
          title: text,
          startDate: date,
          endDate: date,
          languages: ids,
          reviewRequired: bool,
          committeeOrgIds: ids,
          progress: { ...percent, description: 'Mean of the commitments’ progress, 0-100.' },
          scheduleCounts: { type: 'object', additionalProperties: integer },
          commitmentCount: integer,
          keyActionCount: integer,
          reportCount: integer,
          asOf: { ...date, description: 'Day the schedule states were computed for.' },
        },
        {
          titleEn: text,
          description: text,
          closed: bool,
          closedOn: date,
          sourceUrls: ids,
          questionModeration: {
            type: 'string',
            enum: ['before', 'after'],
            description: 'before (the default): questions appear once the committee publishes them; after: at once.',
          },
          revisions: {
            type: 'array',
            items: ref('PlanRevision'),
            description: 'The plan’s public history: each revision of its structure once published, oldest first.',
          },
        },
      ),
      PlanRevision: record(
        {
          revision: integer,
          at: { type: 'string', format: 'date-time' },
          source: { ...text, description: 'What it came from: the imported file’s name, or the tool.' },
          changes: {
            type: 'array',
            items: record(
              {
                change: { type: 'string', enum: ['added', 'removed', 'changed'] },
                docType: { type: 'string', enum: ['plan', 'commitment', 'keyAction'] },
                id: text,
                title: text,
              },
              {
                commitmentId: text,
                number: { ...text, example: '3.2' },
                field: text,
                before: text,
                after: text,
              },
            ),
          },
        },
        {},
        'One revision of a published plan: what changed in its commitments and key actions, and when.',
      ),
      Commitment: record(commitmentFields.required, commitmentFields.optional),
      CsoFigure: record(
        { orgId: text, percent, date },
        {},
        'A co-responsible organisation’s current assessment of the commitment, beside the government’s figure.',
      ),
      CommitmentWithKeyActions: record(
        { ...commitmentFields.required, csoFigures: { type: 'array', items: ref('CsoFigure') } },
        {
          ...commitmentFields.optional,
          keyActions: { type: 'array', items: ref('KeyAction') },
        },
      ),
      KeyAction: record(keyActionFields.required, keyActionFields.optional),
      Delay: record(
        {
          asOf: date,
          expectedPercent: { ...percent, description: 'What a straight line from start to end expects by asOf.' },
          reportedPercent: percent,
          endDate: date,
          daysOverdue: { ...integer, description: 'Days past the end date; 0 while it is ahead.' },
          daysLeft: { ...integer, description: 'Days until the end date; 0 once it has passed.' },
        },
        {
          latestReport: record(
            { id: text, keyActionId: text, date, orgId: text, percent, narrative: text },
            {},
            'The latest counting report behind the progress (on a delayed key action, for a commitment), in its own words.',
          ),
        },
        'Why a delayed commitment or key action is late; present only while its schedule state is delayed.',
      ),
      Report: record(
        {
          id: text,
          type: { const: 'progressReport' },
          planId: text,
          commitmentId: text,
          keyActionId: text,
          orgId: text,
          date,
          status: { type: 'string', enum: ['published', 'withdrawn'] },
          evidenceIds: ids,
        },
        {
          percent,
          narrative: text,
          withdrawnReason: text,
          corrects: { type: 'string', description: 'The report this one corrects.' },
          correctedBy: { type: 'string', description: 'A later report that corrects this one; it no longer counts.' },
          reviewedAt: { type: 'string', format: 'date-time', description: 'When the committee validated it.' },
          reviewedByOrgId: {
            type: 'string',
            description:
              'The committee organisation that validated it (never the person), on a plan that asks for review.',
          },
          demo: bool,
        },
      ),
      Evidence: record(
        {
          id: text,
          type: { const: 'evidence' },
          planId: text,
          orgId: text,
          title: text,
          kind: { type: 'string', enum: ['document', 'link', 'photo', 'minutes', 'dataset'] },
          date,
        },
        {
          url: text,
          file: record({ sha256: text, name: text, mediaType: text, size: integer }),
          demo: bool,
        },
      ),
      Review: record(
        {
          id: text,
          type: { const: 'review' },
          planId: text,
          kind: { type: 'string', enum: ['observation', 'meeting'] },
          commitmentId: text,
          text,
          date,
          orgId: text,
        },
        { reportId: text, participantOrgIds: ids, agreements: text, minutesEvidenceIds: ids, demo: bool },
        'A committee observation or meeting.',
      ),
      Assessment: record(
        {
          id: text,
          type: { const: 'assessment' },
          planId: text,
          commitmentId: text,
          orgId: text,
          by: { type: 'string', enum: ['cso', 'committee'] },
          percent,
          narrative: text,
          date,
        },
        { evidenceIds: ids, supersedes: text, demo: bool },
        'A civil-society organisation’s or the committee’s own view of a commitment’s progress; one that names ' +
          'another in `supersedes` replaces it as the organisation’s current view.',
      ),
      Evaluation: record(evaluationFields.required, evaluationFields.optional),
      Question: record(
        {
          id: text,
          type: { const: 'question' },
          planId: text,
          commitmentId: text,
          text: { ...text, description: 'Plain text, as asked; show it escaped.' },
          askedAt: dateTime,
          publishedAt: { ...dateTime, description: 'When it became public; days to answer count from here.' },
          answerableOrgIds: {
            ...ids,
            description: 'Who is to answer: the responsible and co-responsible organisations.',
          },
          answers: {
            type: 'array',
            description: 'Oldest first.',
            items: record({ orgId: text, text, answeredAt: dateTime }),
          },
        },
        { reportId: text, name: { ...text, description: 'The name the asker gave, if any.' } },
        'A question from the public, published by the committee, with the answers of the organisations responsible. ' +
          'The asker’s e-mail address is never public.',
      ),
      AnswerRecord: record(
        {
          received: { ...integer, description: 'Published questions asked.' },
          answered: integer,
          medianDaysToAnswer: {
            oneOf: [number, { type: 'null' }],
            description: 'Median days from publication to the first answer, to one decimal.',
          },
          oldestUnansweredSince: {
            oneOf: [dateTime, { type: 'null' }],
            description: 'When the oldest question still unanswered became public.',
          },
        },
        {},
        'How often and how fast questions from the public are answered.',
      ),
      OrganizationAnswerRecord: record({
        orgId: text,
        received: integer,
        answered: integer,
        medianDaysToAnswer: { oneOf: [number, { type: 'null' }] },
        oldestUnansweredSince: { oneOf: [dateTime, { type: 'null' }] },
      }),
      Ask: record(
        {
          text: { type: 'string', minLength: 1, maxLength: 2000, description: 'Plain text; at most 2 links.' },
          token: {
            type: 'string',
            description: 'The token GET /questions/form handed out, at least minSeconds before.',
          },
        },
        {
          name: { type: 'string', maxLength: 100 },
          email: {
            type: 'string',
            format: 'email',
            description:
              'To be told of the answer. Kept on the server only, never public, deleted once the asker is told.',
          },
          website: { type: 'string', description: 'Leave empty: a form field people never see.' },
        },
      ),
      Asked: record(
        { id: text, status: { type: 'string', enum: ['pending', 'published'] } },
        {
          forgetEmail: {
            type: 'string',
            description: 'Given only with an e-mail: DELETE it to have the address deleted before the answer comes.',
          },
        },
      ),
      AskRefused: record(
        { error: text, reason: text },
        { field: { type: 'string', enum: ['text', 'name', 'email', 'token'] }, reason_es: text },
      ),
      ActivityItem: record(
        {
          kind: { type: 'string', enum: ['report', 'review', 'assessment'] },
          id: text,
          date,
          planId: text,
          commitmentId: text,
          commitmentTitle: text,
          orgId: text,
          orgName: text,
          summary: text,
        },
        { percent, demo: bool },
      ),
      EvaluationRow: record(
        {
          commitmentId: text,
          number: integer,
          title: text,
          progress: percent,
          scheduleState,
          progressSource: {
            oneOf: [
              record({ kind: { const: 'publishedReports' }, lastReportDate: date }),
              record({ kind: { const: 'noReports' } }),
            ],
          },
          suggestedLevel: level,
          evaluation: { oneOf: [ref('Evaluation'), { type: 'null' }] },
          csoFigures: { type: 'array', items: ref('CsoFigure') },
          demo: bool,
        },
        { titleEn: text },
      ),
    },
  },
  paths: {
    '/plans': {
      get: {
        summary: 'Plans with their overall progress',
        responses: ok('Plans', record({ plans: { type: 'array', items: ref('Plan') } })),
      },
    },
    '/plans/{id}': {
      get: {
        summary: 'A plan with its commitments and their key actions',
        parameters: [
          idParam('Plan id', 'plan:mx-4pa'),
          {
            name: 'keyActions',
            in: 'query',
            description: 'false leaves the key actions out (a lighter overview).',
            schema: { type: 'boolean', default: true },
          },
        ],
        responses: {
          ...ok(
            'The plan',
            record({
              plan: ref('Plan'),
              commitments: { type: 'array', items: ref('CommitmentWithKeyActions') },
              organizations: orgMap,
            }),
          ),
          ...notFound,
        },
      },
    },
    '/plans/{id}/export.json': {
      get: {
        summary: 'Everything public about a plan, as one JSON file',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: {
          ...ok(
            'JSON export',
            record({
              plan: ref('Plan'),
              commitments: { type: 'array', items: ref('Commitment') },
              keyActions: { type: 'array', items: ref('KeyAction') },
              reports: { type: 'array', items: ref('Report') },
              evidence: { type: 'array', items: ref('Evidence') },
              reviews: { type: 'array', items: ref('Review') },
              assessments: { type: 'array', items: ref('Assessment') },
              questions: { type: 'array', items: ref('Question') },
              organizations: orgMap,
            }),
          ),
          ...notFound,
        },
      },
    },
    '/plans/{id}/answer-record': {
      get: {
        summary:
          'How the plan’s organisations answer the public’s questions: received, answered, median days, oldest waiting',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: {
          ...ok(
            'Answer record',
            record({
              plan: record({ id: text, title: text, country: text }, { titleEn: text }),
              record: ref('AnswerRecord'),
              organizations: { type: 'array', items: ref('OrganizationAnswerRecord') },
              names: orgMap,
            }),
          ),
          ...notFound,
        },
      },
    },
    '/plans/{id}/answer-record.csv': {
      get: {
        summary: 'The answer record as CSV: the plan as a whole (first row), then each organisation asked',
        parameters: [idParam('Plan id', 'plan:mx-4pa'), csvLangParam],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/questions.csv': {
      get: {
        summary: 'Published questions of a plan with their answers, as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa'), csvLangParam],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/questions/form': {
      get: {
        summary: 'A token for the ask form, to send with a question no sooner than minSeconds later',
        responses: {
          200: {
            description: 'The token, the minimum wait, and the name of the field to leave empty',
            content: {
              'application/json': { schema: record({ token: text, minSeconds: number, honeypot: text }) },
            },
          },
        },
      },
    },
    '/commitments/{id}/questions': {
      post: {
        summary: 'Ask a question or leave a comment on a commitment, with no account',
        description: askDescription,
        parameters: [idParam('Commitment id', 'commitment:mx-4pa-01')],
        requestBody: { required: true, content: { 'application/json': { schema: ref('Ask') } } },
        responses: askResponses,
      },
    },
    '/questions/{id}/email': {
      delete: {
        summary: 'The asker deletes the e-mail address they left, with the key the 202 gave them',
        parameters: [
          idParam('Question id', 'question:20260101-0123456789abcdef'),
          { name: 'key', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'Deleted (removed: false when it was deleted already)',
            content: { 'application/json': { schema: record({ ok: bool, removed: bool }) } },
          },
          400: { description: 'Not the key of this question (field: key).' },
        },
      },
    },
    '/reports/{id}/questions': {
      post: {
        summary: 'Ask a question or leave a comment on a published progress report, with no account',
        description: askDescription,
        parameters: [idParam('Report id', 'report:example')],
        requestBody: { required: true, content: { 'application/json': { schema: ref('Ask') } } },
        responses: askResponses,
      },
    },
    '/plans/{id}/commitments.csv': {
      get: {
        summary: 'Commitments of a plan as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa'), csvLangParam],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/key-actions.csv': {
      get: {
        summary: 'Key actions of a plan as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa'), csvLangParam],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/reports.csv': {
      get: {
        summary: 'Published progress reports of a plan as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa'), csvLangParam],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/evaluation': {
      get: {
        summary:
          'End-of-term evaluation: per commitment, progress with its source, the suggested and the confirmed completion level',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: {
          ...ok(
            'Evaluation',
            record({
              plan: record(
                {
                  id: text,
                  title: text,
                  country: text,
                  startDate: date,
                  endDate: date,
                  progress: percent,
                  asOf: date,
                  closed: bool,
                },
                { titleEn: text },
              ),
              rows: { type: 'array', items: ref('EvaluationRow') },
              organizations: orgMap,
            }),
          ),
          ...notFound,
        },
      },
    },
    '/plans/{id}/evaluation.csv': {
      get: {
        summary: 'The evaluation as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa'), csvLangParam],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/files/{sha256}': {
      get: {
        summary: 'An evidence file, once published evidence refers to it',
        parameters: [
          { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-f0-9]{64}$' } },
        ],
        responses: {
          200: { description: 'The file, with its media type and name' },
          404: { description: 'No published evidence has this file.' },
        },
      },
    },
    '/commitments/{id}': {
      get: {
        summary: 'A commitment: key actions, chronological report history, evidence, observations and assessments',
        parameters: [idParam('Commitment id', 'commitment:mx-4pa-01')],
        responses: {
          ...ok(
            'The commitment',
            record({
              commitment: ref('Commitment'),
              plan: record(
                { id: text, title: text, country: text, languages: ids },
                { titleEn: text, questionModeration: { type: 'string', enum: ['before', 'after'] } },
              ),
              revisions: {
                type: 'array',
                items: ref('PlanRevision'),
                description:
                  'The plan’s revisions that changed this commitment or its key actions, with those changes only.',
              },
              keyActions: { type: 'array', items: ref('KeyAction') },
              reports: { type: 'array', items: ref('Report'), description: 'Oldest first.' },
              evidence: { type: 'array', items: ref('Evidence') },
              reviews: { type: 'array', items: ref('Review') },
              assessments: { type: 'array', items: ref('Assessment') },
              evaluation: { oneOf: [ref('Evaluation'), { type: 'null' }] },
              questions: { type: 'array', items: ref('Question'), description: 'In the order they became public.' },
              answerRecord: record({
                received: integer,
                answered: integer,
                medianDaysToAnswer: { oneOf: [number, { type: 'null' }] },
                oldestUnansweredSince: { oneOf: [dateTime, { type: 'null' }] },
                organizations: { type: 'array', items: ref('OrganizationAnswerRecord') },
              }),
              organizations: orgMap,
            }),
          ),
          ...notFound,
        },
      },
    },
    '/organizations': {
      get: {
        summary: 'Organisations with the number of commitments they lead',
        responses: ok(
          'Organisations',
          record({
            organizations: {
              type: 'array',
              items: record(
                {
                  ...organizationFields.required,
                  commitmentCount: { ...integer, description: 'Commitments it leads.' },
                },
                organizationFields.optional,
              ),
            },
          }),
        ),
      },
    },
    '/organizations/{id}': {
      get: {
        summary: 'What an organisation is responsible for and how it is going',
        parameters: [idParam('Organisation id', 'org:sfp')],
        responses: {
          ...ok(
            'The organisation',
            record({
              organization: ref('Organization'),
              commitments: {
                type: 'array',
                items: record(
                  {
                    ...commitmentFields.required,
                    role: { type: 'string', enum: ['responsible', 'coResponsible', 'support'] },
                    keyActions: { type: 'array', items: ref('KeyAction') },
                  },
                  commitmentFields.optional,
                ),
              },
              recentReports: { type: 'array', items: ref('Report') },
              answerRecord: ref('AnswerRecord'),
              organizations: orgMap,
            }),
          ),
          ...notFound,
        },
      },
    },
    '/activity': {
      get: {
        summary: 'Recently published reports, observations and assessments, newest first',
        parameters: [
          { name: 'plan', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: ok('Activity', record({ activity: { type: 'array', items: ref('ActivityItem') } })),
      },
    },
    '/site': {
      get: {
        summary: 'The site: its name, logo and public address',
        responses: {
          200: {
            description: 'Site settings',
            content: {
              'application/json': {
                schema: record(
                  {
                    language: { type: 'string', enum: ['es', 'en'] },
                    workspaceDb: text,
                    publicUrl: text,
                    demo: { ...bool, description: 'Illustrative demo records are public.' },
                    reminderDays: {
                      type: 'integer',
                      minimum: 1,
                      description:
                        "Days before a key action's end date its reporters are reminded (TABLERO_REMINDER_DAYS); the app's inbox lists the same.",
                    },
                  },
                  { name: text, logoUrl: text },
                ),
              },
            },
          },
        },
      },
    },
    '/follow': {
      post: {
        summary: 'Follow a commitment, a plan or an organisation by e-mail (double opt-in)',
        description:
          'Give `email` and exactly one of `commitmentId`, `planId`, `organizationId`; `digest` is `immediate` (a mail per published report, assessment, public observation, meeting or answer) or `daily`. The answer is the same 202 whether or not the address already follows, so nobody learns who follows what; a confirmation mail is sent the first time only. Limited per client address (429). The address is kept on the server only, never public, and deleted when the follow ends.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                required: ['email'],
                properties: {
                  email: { type: 'string', format: 'email' },
                  commitmentId: { type: 'string' },
                  planId: { type: 'string' },
                  organizationId: { type: 'string' },
                  digest: { type: 'string', enum: ['immediate', 'daily'] },
                },
              },
            },
          },
        },
        responses: {
          202: { description: 'Taken: if the address can receive mail, a confirmation link is on its way' },
          400: { description: 'Bad input; `field` names it (email, commitmentId, planId, organizationId, digest)' },
          429: { description: 'Too many follow requests from this client address' },
        },
      },
    },
    '/follow/confirm/{token}': {
      get: {
        summary: "The confirmation link's page: a button that POSTs here (a GET confirms nothing)",
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'HTML page' }, 404: { description: 'Not a valid or unused token' } },
      },
      post: {
        summary: 'Confirms the follow; the link works once',
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'HTML page: confirmed' },
          404: { description: 'Not a valid or unused token' },
        },
      },
    },
    '/unsubscribe/{token}': {
      get: {
        summary: "Every follow mail's unsubscription page: a button that POSTs here",
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'HTML page' },
          404: { description: 'Not a valid token (or already unsubscribed)' },
        },
      },
      post: {
        summary: 'Ends the follow at once and deletes the address (RFC 8058 one-click: List-Unsubscribe=One-Click)',
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: { description: 'HTML page: unsubscribed' },
          404: { description: 'Not a valid token (or already unsubscribed)' },
        },
      },
    },
    '/me/mail': {
      get: {
        summary: "The signed-in person's e-mail address (set by the administrator) and reminder choices",
        responses: {
          200: { description: '{ email?, reminders: { deadlineSoon, overdue, returned, weeklyDigest } }' },
          401: { description: 'Not signed in' },
        },
      },
      put: {
        summary: 'Choose which reminders to get: { "reminders": { "overdue": false } }',
        responses: {
          200: { description: 'The settings as stored' },
          400: { description: 'Bad input; `field` names it' },
          401: { description: 'Not signed in' },
        },
      },
    },
    '/changes': {
      get: {
        summary: 'Long-poll for a new data version',
        description:
          'Answers at once when `since` is not the current version, otherwise when the data changes or the timeout passes.',
        parameters: [
          { name: 'since', in: 'query', schema: { type: 'string' } },
          { name: 'timeout', in: 'query', schema: { type: 'integer', maximum: 55000 } },
        ],
        responses: {
          200: {
            description: 'Current version',
            content: {
              'application/json': { schema: record({ version: text }) },
            },
          },
        },
      },
    },
  },
} as const;
