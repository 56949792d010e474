import { useState } from 'react';
import { viewableType } from '../../../../shared/src/evidence-files';
import { useI18n } from '../../i18n/i18n';
import { FileViewer, formatSize } from '../../ui/file-viewer';
import { mediaKind } from '../../ui/media-kind';
import type { Evidence } from '../api';
import { DemoBadge } from './bits';

type EvidenceFile = NonNullable<Evidence['file']>;

const fileUrl = (file: EvidenceFile) => `/api/files/${file.sha256}`;
const inlineUrl = (file: EvidenceFile) => `${fileUrl(file)}?inline=1`;
// Whole addresses, so a printed page still says where each file is.
const downloadUrl = (file: EvidenceFile) =>
  `${window.location.origin}${fileUrl(file)}?name=${encodeURIComponent(file.name)}`;

/**
 * A report's evidence: photos with a thumbnail, PDFs and images open in a viewer on the page (the
 * server sends them sandboxed, only when their bytes are what their type says), other files download.
 */
export function EvidenceList({ ids, byId }: { ids: string[]; byId: Map<string, Evidence> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Evidence | null>(null);
  const items = ids.flatMap((id) => byId.get(id) ?? []);
  if (items.length === 0) return null;
  return (
    <>
      <ul className="evidence" aria-label={t.evidence}>
        {items.map((e) => (
          <li key={e.id}>
            <EvidenceItem evidence={e} onOpen={() => setOpen(e)} /> <DemoBadge show={e.demo} />
          </li>
        ))}
      </ul>
      {open?.file && (
        <FileViewer
          title={open.title}
          src={inlineUrl(open.file)}
          mediaType={open.file.mediaType}
          download={{ href: downloadUrl(open.file), name: open.file.name, size: formatSize(open.file.size) }}
          labels={{ download: t.downloadFile, close: t.close, note: t.viewerNote }}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

/**
 * One piece of evidence. A file the viewer shows opens from its tile and its visible name alike (one
 * button), and downloads from a link of its own; another file downloads from its name; a link opens.
 */
function EvidenceItem({ evidence: e, onOpen }: { evidence: Evidence; onOpen: () => void }) {
  const { t } = useI18n();
  if (!e.file)
    return (
      <>
        <span className="evidence-kind">{t.evidence}:</span>{' '}
        <a href={e.url} rel="noopener noreferrer">
          {e.title}
        </a>
      </>
    );
  const about = `(${mediaKind(e.file.mediaType)}, ${formatSize(e.file.size)})`;
  if (!viewableType(e.file.mediaType))
    return (
      <>
        <span className="evidence-kind">{t.evidence}:</span>{' '}
        <a href={downloadUrl(e.file)} download={e.file.name}>
          {e.title} {about}
        </a>
      </>
    );
  return (
    <>
      {/* Named by its visible text, "Ver" said only to screen readers, so the two never disagree. */}
      <button type="button" className="evidence-open" onClick={onOpen}>
        {e.file.mediaType.startsWith('image/') ? (
          <img className="evidence-thumb" src={inlineUrl(e.file)} alt="" width={72} height={48} loading="lazy" />
        ) : (
          <span className="evidence-icon" aria-hidden="true">
            PDF
          </span>
        )}
        <span className="evidence-title">
          <span className="visually-hidden">{t.view} </span>
          {e.title}
        </span>
      </button>{' '}
      <a className="evidence-download" href={downloadUrl(e.file)} download={e.file.name}>
        {t.downloadFile}
        <span className="visually-hidden"> {e.title}</span> {about}
      </a>
    </>
  );
}
