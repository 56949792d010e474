import { useEffect, useId, useRef, useState } from 'react';
import { viewableType } from '../../../../shared/src/evidence-files';
import { useI18n } from '../../i18n/i18n';
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
      {open?.file && <Viewer evidence={open} file={open.file} onClose={() => setOpen(null)} />}
    </>
  );
}

function Viewer({ evidence, file, onClose }: { evidence: Evidence; file: EvidenceFile; onClose: () => void }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="evidence-viewer" aria-labelledby={titleId} onClose={onClose}>
      <header>
        <h2 id={titleId}>{evidence.title}</h2>
        <a href={downloadUrl(file)} download={file.name}>
          {t.downloadFile} ({formatSize(file.size)})
        </a>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t.close}
        </button>
      </header>
      {file.mediaType.startsWith('image/') ? (
        <img src={inlineUrl(file)} alt={evidence.title} />
      ) : (
        <iframe src={inlineUrl(file)} title={evidence.title} />
      )}
      <p className="muted">{t.viewerNote}</p>
    </dialog>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
