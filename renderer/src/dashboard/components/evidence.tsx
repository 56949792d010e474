import { useState } from 'react';
import { viewableType } from '../../../../shared/src/evidence-files';
import { useI18n } from '../../i18n/i18n';
import { FileViewer, formatSize } from '../../ui/file-viewer';
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
            {e.file && viewableType(e.file.mediaType) ? (
              <button
                type="button"
                className="evidence-open"
                onClick={() => setOpen(e)}
                aria-label={t.viewFile(e.title)}
              >
                {e.file.mediaType.startsWith('image/') ? (
                  <img
                    className="evidence-thumb"
                    src={inlineUrl(e.file)}
                    alt=""
                    width={72}
                    height={48}
                    loading="lazy"
                  />
                ) : (
                  <span className="evidence-icon" aria-hidden="true">
                    PDF
                  </span>
                )}
              </button>
            ) : (
              <span className="evidence-kind">{t.evidence}:</span>
            )}{' '}
            {e.file ? (
              <a href={downloadUrl(e.file)} download={e.file.name}>
                {e.title} ({e.file.mediaType}, {formatSize(e.file.size)})
              </a>
            ) : (
              <a href={e.url} rel="noopener noreferrer">
                {e.title}
              </a>
            )}{' '}
            <DemoBadge show={e.demo} />
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
