import type { ActivityItem } from '../../../shared/src/api-types.js';

const xml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

const KIND: Record<ActivityItem['kind'], string> = {
  report: 'Reporte de avance',
  review: 'Observación',
  assessment: 'Valoración',
};

/**
 * Recent activity as an Atom 1.0 feed; entry links go to the commitment's page. `self` is the
 * feed's own address under the site (one commitment's feed has its own), `alternate` the page it follows.
 */
export function atomFeed(
  items: readonly ActivityItem[],
  siteUrl: string,
  title: string,
  { self = '/activity.atom', alternate = '/activity' }: { self?: string; alternate?: string } = {},
): string {
  const updated = items[0] ? `${items[0].date}T00:00:00Z` : '1970-01-01T00:00:00Z';
  const entries = items
    .map((item) => {
      const link = `${siteUrl}/commitments/${encodeURIComponent(item.commitmentId)}`;
      const percent = item.percent !== undefined ? ` (${item.percent} %)` : '';
      const demo = item.demo ? ' [datos de demostración]' : '';
      return `  <entry>
    <id>${xml(`${siteUrl}/api/activity#${item.id}`)}</id>
    <title>${xml(`${KIND[item.kind]}: ${item.commitmentTitle}${percent}${demo}`)}</title>
    <updated>${item.date}T00:00:00Z</updated>
    <author><name>${xml(item.orgName)}</name></author>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
    <summary>${xml(item.summary)}</summary>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${siteUrl}${self}`)}</id>
  <title>${xml(title)}</title>
  <updated>${updated}</updated>
  <link rel="self" href="${xml(`${siteUrl}${self}`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${siteUrl}${alternate}`)}"/>
${entries}
</feed>
`;
}
