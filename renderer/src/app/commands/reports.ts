import type { Evidence, KeyAction, ProgressReport, Status, WorkspaceDoc } from '../../../../shared/src/types';
import type { CommandContext, Refusal, StoredFile } from '../command-context';
import { asDoc, creationTime, type Local, newId, now } from '../local-docs';
import { type FieldRefusal, saveTogether, saveTogetherNamingField } from './save';

/** What a report or an assessment saves about its evidence. */
export interface EvidenceInput {
  /** Evidence already attached. */
  attached: readonly Local<Evidence>[];
  /** Attached evidence the person took off: detached, and deleted while it is a draft itself. */
  detach?: readonly string[];
  files: readonly StoredFile[];
  links: readonly { title: string; url: string }[];
}

export interface ReportInput extends EvidenceInput {
  keyAction: Local<KeyAction>;
  /** The report being edited; a new one when absent. */
  report?: Local<ProgressReport>;
  /** `draft` to keep working, `published` (or `submitted` on plans that ask for review) to send. */
  status: Status;
  percent: number;
  narrative: string;
  date: string;
  /** The published report this new one corrects (it stays in the history, the correction beside it). */
  corrects?: string;
}

const kindOf = (mediaType: string): Evidence['kind'] =>
  mediaType.startsWith('image/') ? 'photo' : mediaType === 'text/csv' ? 'dataset' : 'document';

/**
 * The evidence a report or an assessment saves with it: attached evidence moved to its status
 * (published evidence never moves back) and new files and links in that status (`evidence`); the
 * ids the document keeps (`evidenceIds`, after `kept`, the ids it already had); draft evidence
 * taken off it, deleted (`removed`).
 */
export function evidenceChanges(
  input: EvidenceInput,
  base: Pick<Evidence, 'planId' | 'orgId' | 'createdBy' | 'status'>,
  kept: readonly string[] = [],
): { evidence: Evidence[]; evidenceIds: string[]; removed: WorkspaceDoc[] } {
  const { attached, files, links } = input;
  const { status } = base;
  const detach = new Set(input.detach ?? []);
  const evidence: Evidence[] = attached
    .filter((e) => !detach.has(e.id) && e.status !== status && e.status !== 'published')
    .map((e) => ({ ...asDoc(e), status, updatedAt: now() }));
  const fresh = { type: 'evidence' as const, ...base, createdAt: now() };
  for (const file of files)
    evidence.push({
      _id: newId('evidence:'),
      ...fresh,
      title: file.name,
      kind: kindOf(file.mediaType),
      file: { ...file },
    });
  for (const link of links)
    evidence.push({ _id: newId('evidence:'), ...fresh, title: link.title || link.url, kind: 'link', url: link.url });
  const evidenceIds = [...new Set([...kept, ...attached.map((e) => e.id), ...evidence.map((e) => e._id)])].filter(
    (id) => !detach.has(id),
  );
  // Draft evidence taken off a draft is deleted, as nothing else points to it.
  const removed: WorkspaceDoc[] = attached
    .filter((e) => detach.has(e.id) && e.status === 'draft')
    .map((e) => ({ ...asDoc(e), _deleted: true }));
  return { evidence, evidenceIds, removed };
}

/**
 * Saves a report with its evidence, new and attached, moved to the report's status together:
 * publishing publishes the evidence, and a refusal leaves all of it as it was.
 */
export async function saveReport(
  ctx: CommandContext,
  input: ReportInput,
): Promise<{ refusal: FieldRefusal | null; id: string }> {
  const { keyAction, report, status } = input;
  const base = { planId: keyAction.planId, orgId: ctx.org as string, createdBy: ctx.user.name, status };
  // Published evidence (a corrected report's) is referred to as it is: it never moves back.
  const { evidence, evidenceIds, removed } = evidenceChanges(input, base, report?.evidenceIds);
  const doc: ProgressReport = {
    ...(report ? asDoc(report) : {}),
    _id: report?.id ?? newId('report:'),
    type: 'progressReport',
    ...base,
    createdBy: report?.createdBy ?? ctx.user.name,
    createdAt: creationTime(report),
    ...(report ? { updatedAt: now() } : {}),
    commitmentId: keyAction.commitmentId,
    keyActionId: keyAction.id,
    percent: input.percent,
    narrative: input.narrative,
    date: input.date,
    evidenceIds,
    ...(input.corrects ? { corrects: input.corrects } : {}),
  };
  return { refusal: await saveTogetherNamingField(ctx, [...evidence, doc, ...removed]), id: doc._id };
}

/** Takes a published report off the public figures; it stays in the public history with the reason. */
export async function withdrawReport(
  ctx: CommandContext,
  report: Local<ProgressReport>,
  reason: string,
): Promise<Refusal> {
  return saveTogether(ctx, [
    { ...asDoc(report), status: 'withdrawn', withdrawnReason: reason.trim(), updatedAt: now() },
  ]);
}
