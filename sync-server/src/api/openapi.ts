/** The public API, described for re-users (OpenAPI 3.1), served at /api/openapi.json. */
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
const scheduleState = { type: 'string', enum: ['notStarted', 'onTrack', 'delayed', 'completed'] };
const orgMap = {
  type: 'object',
  additionalProperties: ref('Organization'),
  description: 'The organisations the response mentions, by id.',
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
      Error: { type: 'object', properties: { error: { type: 'string' }, reason: { type: 'string' } } },
      Organization: {
        type: 'object',
        properties: {
          id: { type: 'string', example: 'org:sfp' },
          kind: { type: 'string', enum: ['government', 'cso', 'autonomous', 'other'] },
          name: { type: 'string' },
          acronym: { type: 'string' },
        },
      },
      Plan: {
        type: 'object',
        properties: {
          id: { type: 'string', example: 'plan:mx-4pa' },
          country: { type: 'string' },
          title: { type: 'string' },
          startDate: { type: 'string', format: 'date' },
          endDate: { type: 'string', format: 'date' },
          progress: { type: 'number', description: 'Mean of the commitments’ progress, 0-100.' },
          scheduleCounts: { type: 'object', additionalProperties: { type: 'integer' } },
          commitmentCount: { type: 'integer' },
          reportCount: { type: 'integer' },
          asOf: { type: 'string', format: 'date', description: 'Day the schedule states were computed for.' },
        },
      },
      Commitment: {
        type: 'object',
        properties: {
          id: { type: 'string', example: 'commitment:mx-4pa-01' },
          planId: { type: 'string' },
          number: { type: 'integer' },
          title: { type: 'string' },
          objective: { type: 'string' },
          ogpValues: { type: 'array', items: { type: 'string' } },
          responsibleOrgIds: { type: 'array', items: { type: 'string' } },
          coResponsibleOrgIds: { type: 'array', items: { type: 'string' } },
          progress: { type: 'number', description: 'Key actions’ progress weighted by their weight, 0-100.' },
          scheduleState,
          unverifiedFields: {
            type: 'array',
            items: { type: 'string' },
            description: 'Fields the sources could not confirm.',
          },
        },
      },
      KeyAction: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          commitmentId: { type: 'string' },
          title: { type: 'string' },
          responsibleOrgIds: { type: 'array', items: { type: 'string' } },
          startDate: { type: 'string', format: 'date' },
          endDate: { type: 'string', format: 'date' },
          weight: { type: 'number' },
          progress: { type: 'number', description: 'Percent of the latest published report.' },
          scheduleState,
        },
      },
      Report: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          keyActionId: { type: 'string' },
          orgId: { type: 'string' },
          percent: { type: 'number' },
          narrative: { type: 'string' },
          date: { type: 'string', format: 'date' },
          status: { type: 'string', enum: ['published', 'withdrawn'] },
          corrects: { type: 'string', description: 'The report this one corrects.' },
          correctedBy: { type: 'string', description: 'A later report that corrects this one; it no longer counts.' },
          evidenceIds: { type: 'array', items: { type: 'string' } },
        },
      },
      Evidence: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          kind: { type: 'string', enum: ['document', 'link', 'photo', 'minutes', 'dataset'] },
          url: { type: 'string' },
          file: {
            type: 'object',
            properties: {
              sha256: { type: 'string' },
              name: { type: 'string' },
              mediaType: { type: 'string' },
              size: { type: 'integer' },
            },
          },
        },
      },
    },
  },
  paths: {
    '/plans': {
      get: {
        summary: 'Plans with their overall progress',
        responses: ok('Plans', { type: 'object', properties: { plans: { type: 'array', items: ref('Plan') } } }),
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
          ...ok('The plan', {
            type: 'object',
            properties: {
              plan: ref('Plan'),
              commitments: { type: 'array', items: ref('Commitment') },
              organizations: orgMap,
            },
          }),
          ...notFound,
        },
      },
    },
    '/plans/{id}/export.json': {
      get: {
        summary: 'Everything public about a plan, as one JSON file',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: { ...ok('JSON export', { type: 'object' }), ...notFound },
      },
    },
    '/plans/{id}/commitments.csv': {
      get: {
        summary: 'Commitments of a plan as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/key-actions.csv': {
      get: {
        summary: 'Key actions of a plan as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/reports.csv': {
      get: {
        summary: 'Published progress reports of a plan as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: { ...ok('CSV', { type: 'string' }, 'text/csv'), ...notFound },
      },
    },
    '/plans/{id}/evaluation': {
      get: {
        summary:
          'End-of-term evaluation: per commitment, progress with its source, the suggested and the confirmed completion level',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
        responses: { ...ok('Evaluation', { type: 'object' }), ...notFound },
      },
    },
    '/plans/{id}/evaluation.csv': {
      get: {
        summary: 'The evaluation as CSV',
        parameters: [idParam('Plan id', 'plan:mx-4pa')],
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
          ...ok('The commitment', {
            type: 'object',
            properties: {
              commitment: ref('Commitment'),
              keyActions: { type: 'array', items: ref('KeyAction') },
              reports: { type: 'array', items: ref('Report'), description: 'Oldest first.' },
              evidence: { type: 'array', items: ref('Evidence') },
              reviews: { type: 'array', items: { type: 'object' } },
              assessments: { type: 'array', items: { type: 'object' } },
              organizations: orgMap,
            },
          }),
          ...notFound,
        },
      },
    },
    '/organizations': {
      get: {
        summary: 'Organisations with the number of commitments they lead',
        responses: ok('Organisations', {
          type: 'object',
          properties: { organizations: { type: 'array', items: ref('Organization') } },
        }),
      },
    },
    '/organizations/{id}': {
      get: {
        summary: 'What an organisation is responsible for and how it is going',
        parameters: [idParam('Organisation id', 'org:sfp')],
        responses: { ...ok('The organisation', { type: 'object' }), ...notFound },
      },
    },
    '/activity': {
      get: {
        summary: 'Recently published reports, observations and assessments, newest first',
        parameters: [
          { name: 'plan', in: 'query', schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: ok('Activity', { type: 'object' }),
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
              'application/json': { schema: { type: 'object', properties: { version: { type: 'string' } } } },
            },
          },
        },
      },
    },
  },
} as const;
