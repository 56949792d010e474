import { useState } from 'react';
import { type PickedFile, platform } from '../../platform/bridge';
import { fileProblem } from '../files-outbox';
import type { es } from '../messages';

/** Each file that cannot be attached, named with the reason (too large, or a type not accepted). */
export function refusedFiles(t: typeof es, picked: readonly PickedFile[]): string[] {
  return picked.flatMap((f) => {
    const problem = fileProblem(f);
    return problem === 'tooLarge' ? [t.fileTooLarge(f.name)] : problem === 'badType' ? [t.fileBadType(f.name)] : [];
  });
}

/**
 * Files to attach to a form: the system's file picker (the desktop's own dialog), the files
 * picked, each with a way to take it off, and any refused named with the reason, so a file never
 * silently fails to attach.
 */
export function FilesField({
  t,
  files,
  onChange,
}: {
  t: typeof es;
  files: readonly PickedFile[];
  onChange: (files: PickedFile[]) => void;
}) {
  const [refused, setRefused] = useState<string[]>([]);
  const pick = async () => {
    const picked = await platform().pickFiles();
    setRefused(refusedFiles(t, picked));
    const kept = picked.filter((f) => !fileProblem(f));
    onChange([...files.filter((f) => !kept.some((k) => k.name === f.name)), ...kept]);
  };
  return (
    <div className="files-field">
      {files.length > 0 && (
        <ul className="plain">
          {files.map((f) => (
            <li key={f.name}>
              {f.name}{' '}
              <button type="button" className="link" onClick={() => onChange(files.filter((x) => x !== f))}>
                {t.remove(f.name)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={pick}>
        {t.addFiles}
      </button>
      {refused.length > 0 && (
        <p className="sync-error" role="alert">
          {refused.join(' ')}
        </p>
      )}
    </div>
  );
}
