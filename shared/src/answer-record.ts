/*
 * How often and how fast questions from the public are answered, from the public questions alone,
 * so the API, the open data and the dashboard give the same figures. Time is counted from when a
 * question became public (the organisation could not answer it before) to the first answer the
 * server received.
 */
import type { PublicQuestion } from './public.js';

export interface AnswerRecord {
  /** Published questions the organisations were asked to answer. */
  received: number;
  answered: number;
  /** Median days from publication to the first answer, to one decimal; null with none answered. */
  medianDaysToAnswer: number | null;
  /** When the oldest question still unanswered became public; null when none waits. */
  oldestUnansweredSince: string | null;
}

type Asked = Pick<PublicQuestion, 'publishedAt' | 'answers' | 'answerableOrgIds'>;

const DAY_MS = 86_400_000;

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return Math.round(value * 10) / 10;
}

/**
 * The record of `questions` as a whole (any organisation's answer counts), or of one organisation
 * (`orgId`: the questions it was to answer, and its own answers).
 */
export function answerRecord(questions: Iterable<Asked>, orgId?: string): AnswerRecord {
  let received = 0;
  const days: number[] = [];
  let oldest: string | null = null;
  for (const question of questions) {
    if (orgId && !question.answerableOrgIds.includes(orgId)) continue;
    received++;
    const first = question.answers.find((a) => !orgId || a.orgId === orgId);
    if (first) days.push(Math.max(0, Date.parse(first.answeredAt) - Date.parse(question.publishedAt)) / DAY_MS);
    else if (oldest === null || question.publishedAt < oldest) oldest = question.publishedAt;
  }
  return { received, answered: days.length, medianDaysToAnswer: median(days), oldestUnansweredSince: oldest };
}
