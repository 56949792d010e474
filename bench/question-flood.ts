/**
 * A flood of questions from the public while the public API is under its load row: the API's p99
 * must stay within the same goal, and the flood be turned away with 429s (per address, per
 * commitment) rather than slow the server. Both loads come from processes of their own.
 */
import { type LoadResult, loadFromProcess } from './load-process.js';

export interface QuestionFlood {
  /** The same load with no flood, just before: the baseline. */
  calm: LoadResult;
  api: LoadResult;
  posts: LoadResult;
  postsPerSecond: number;
  seconds: number;
}

export async function measureQuestionFlood(
  baseUrl: string,
  commitmentId: string,
  { postsPerSecond = 50, seconds = 20 } = {},
): Promise<QuestionFlood> {
  const form = (await (await fetch(`${baseUrl}/api/questions/form`)).json()) as { token: string; minSeconds: number };
  // The form's minimum time, as a person (or a patient script) would wait.
  await new Promise((resolve) => setTimeout(resolve, form.minSeconds * 1000 + 200));
  const commitment = encodeURIComponent(commitmentId);
  const pageLoad = {
    urls: [`${baseUrl}/api/commitments/${commitment}`],
    connections: 50,
    durationSeconds: seconds,
    headers: { 'accept-encoding': 'br, gzip' },
  };
  const calm = await loadFromProcess(pageLoad);
  const [api, posts] = await Promise.all([
    loadFromProcess(pageLoad),
    loadFromProcess({
      urls: [`${baseUrl}/api/commitments/${commitment}/questions`],
      connections: 10,
      durationSeconds: seconds,
      overallRate: postsPerSecond,
      postBody: JSON.stringify({ text: 'Flood: when will this be done? https://spam.example', token: form.token }),
    }),
  ]);
  return { calm, api, posts, postsPerSecond, seconds };
}

/** The row as the bench table shows it. */
export function questionFloodRow(flood: QuestionFlood, goal: (r: LoadResult) => boolean, goalText: string) {
  const codes = Object.entries(flood.posts.statusCodes)
    .map(([code, count]) => `${count.toLocaleString('en')} × ${code}`)
    .join(', ');
  return {
    what: `API commitment page under load (50 connections, ${flood.seconds} s) while questions are posted at ${flood.postsPerSecond}/s from one address`,
    figure: `${flood.api.requestsPerSecond.toLocaleString('en')} req/s, p50 ${flood.api.p50} ms, p99 ${flood.api.p99} ms, ${flood.api.errors + flood.api.non2xx} errors`,
    baseline: `without the flood ${flood.calm.requestsPerSecond.toLocaleString('en')} req/s, p99 ${flood.calm.p99} ms; the posts answered ${codes || 'none'}, p99 ${flood.posts.p99} ms`,
    ratio: `${(flood.api.requestsPerSecond / Math.max(1, flood.calm.requestsPerSecond)).toFixed(2)}× the calm throughput`,
    goal: {
      text: `${goalText}, the flood answered 429`,
      met: goal(flood.api) && (flood.posts.statusCodes['429'] ?? 0) > 0 && flood.posts.errors === 0,
    },
  };
}
