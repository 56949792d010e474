import { describe, expect, it } from 'vitest';
import { answerRecord } from './answer-record.js';

const asked = (publishedAt: string, answers: [string, string][], orgs = ['org:a', 'org:b']) => ({
  publishedAt,
  answerableOrgIds: orgs,
  answers: answers.map(([orgId, answeredAt]) => ({ orgId, answeredAt, text: 'x' })),
});

describe('answer record', () => {
  const questions = [
    asked('2026-01-01T00:00:00Z', [['org:a', '2026-01-02T00:00:00Z']]),
    asked('2026-01-01T00:00:00Z', [
      ['org:b', '2026-01-04T00:00:00Z'],
      ['org:a', '2026-01-11T00:00:00Z'],
    ]),
    asked('2026-02-01T00:00:00Z', []),
    asked('2026-01-15T00:00:00Z', [], ['org:b']),
  ];
  it('counts, for the whole, any first answer, and the oldest question left waiting', () => {
    expect(answerRecord(questions)).toEqual({
      received: 4,
      answered: 2,
      medianDaysToAnswer: 2,
      oldestUnansweredSince: '2026-01-15T00:00:00Z',
    });
  });
  it('counts, for one organisation, only what it was to answer and its own answers', () => {
    expect(answerRecord(questions, 'org:a')).toEqual({
      received: 3,
      answered: 2,
      medianDaysToAnswer: 5.5,
      oldestUnansweredSince: '2026-02-01T00:00:00Z',
    });
    expect(answerRecord(questions, 'org:c')).toEqual({
      received: 0,
      answered: 0,
      medianDaysToAnswer: null,
      oldestUnansweredSince: null,
    });
  });
});
