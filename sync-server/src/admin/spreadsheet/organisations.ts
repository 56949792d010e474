import type { Organization, OrgKind } from '../../../../shared/src/types.js';
import type { SheetMessages } from './messages.js';
import { normalise } from './vocabulary.js';

/**
 * What a sheet says about an organisation's kind, and how strongly: a kind column or a header
 * that names the kind ("Otros actores de gobierno") is what the sheet says; a role (leading,
 * co-leading, supporting) is only a guess from where the name stands. A stronger word met later
 * replaces a weaker guess met earlier, so a ministry first listed as a supporting actor becomes a
 * public body when it leads a commitment further down.
 */
export interface KindEvidence {
  kind: OrgKind;
  strength: number;
  why: string;
}

export const STRENGTH = { support: 1, role: 2, header: 3, kindColumn: 4 } as const;

interface Created {
  org: Organization;
  evidence: KindEvidence;
  earlier?: KindEvidence;
}

const SLUG = /[^a-z0-9]+/g;
export const slug = (text: string, max = 40) =>
  normalise(text).replace(SLUG, '-').slice(0, max).replace(/-+$/, '') || 'x';

/** "Ministerio de Economía y Finanzas (MEF)" → the name and the acronym. */
function nameAndAcronym(entry: string): { name: string; acronym?: string } {
  const match = /^(.*?)\s*\(([^()]{1,40})\)$/.exec(entry);
  const name = (match?.[1] || entry).trim();
  const acronym = match?.[2]?.trim();
  return acronym && match?.[1] ? { name, acronym } : { name: entry.trim() };
}

/**
 * Organisations by name: "Secretaría de la Función Pública (SFP)" finds the existing one by its
 * name or its acronym, or becomes a new organisation whose kind follows the strongest evidence.
 * Organisations already in the workspace keep the kind an administrator gave them.
 */
export class OrganisationFinder {
  private readonly byKey = new Map<string, string>();
  private readonly taken: Set<string>;
  private readonly created = new Map<string, Created>();

  constructor(existing: readonly Organization[]) {
    this.taken = new Set(existing.map((o) => o._id));
    for (const org of existing) this.remember(org);
  }

  private remember(org: Organization): void {
    this.byKey.set(normalise(org.name), org._id);
    if (org.acronym) this.byKey.set(normalise(org.acronym), org._id);
  }

  ids(entries: readonly string[], evidence: KindEvidence): string[] {
    return entries.map((entry) => this.idOf(entry, evidence));
  }

  private idOf(entry: string, evidence: KindEvidence): string {
    const { name, acronym } = nameAndAcronym(entry);
    const found = this.byKey.get(normalise(name)) ?? (acronym ? this.byKey.get(normalise(acronym)) : undefined);
    if (found) {
      const created = this.created.get(found);
      if (created && evidence.strength > created.evidence.strength && evidence.kind !== created.evidence.kind) {
        created.earlier ??= created.evidence;
        created.evidence = evidence;
        created.org.kind = evidence.kind;
      }
      return found;
    }
    const base = slug(acronym ?? name);
    let id = `org:${base}`;
    for (let n = 2; this.taken.has(id); n++) id = `org:${base}-${n}`;
    this.taken.add(id);
    const org: Organization = { _id: id, type: 'organization', kind: evidence.kind, name };
    if (acronym) org.acronym = acronym;
    this.created.set(id, { org, evidence });
    this.remember(org);
    return id;
  }

  get newOrganizations(): Organization[] {
    return [...this.created.values()].map((c) => c.org);
  }

  /** One line per new organisation: its id (for `user add --org`), name, kind and why. */
  describe(say: SheetMessages): string[] {
    return [...this.created.values()].map(({ org, evidence, earlier }) => {
      const why = earlier ? `${evidence.why}; ${say.firstMet(earlier.kind, earlier.why)}` : evidence.why;
      return `${org._id}  ${org.name} (${org.kind})${org.acronym ? `, ${org.acronym}` : ''}: ${why}`;
    });
  }
}
