import { useEffect, useId, useRef } from 'react';

export interface FileViewerLabels {
  download: string;
  close: string;
  note: string;
}

/**
 * A PDF or an image shown in a dialog over the page (the dashboard's evidence, the committee's
 * review queue). The server sends the file sandboxed and inline only when its bytes are what its
 * type says; Escape or the close button ends it.
 */
export function FileViewer({
  title,
  src,
  mediaType,
  download,
  labels,
  onClose,
}: {
  title: string;
  src: string;
  mediaType: string;
  download: { href: string; name: string; size: string };
  labels: FileViewerLabels;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="evidence-viewer" aria-labelledby={titleId} onClose={onClose}>
      <header>
        <h2 id={titleId}>{title}</h2>
        <a href={download.href} download={download.name}>
          {labels.download} ({download.size})
        </a>
        <button type="button" onClick={() => dialog.current?.close()}>
          {labels.close}
        </button>
      </header>
      {mediaType.startsWith('image/') ? <img src={src} alt={title} /> : <iframe src={src} title={title} />}
      <p className="muted">{labels.note}</p>
    </dialog>
  );
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
