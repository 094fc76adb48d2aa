/**
 * Blank templates a school can fill in with its own data (data/io/templates.ts): choices (students and
 * their choices) and the offer (the course list) as CSV and .xlsx, and the staff and room lists as CSV. They are
 * made in the page from the same definitions that wrote data/templates/, so the files are the same and
 * the app works offline without shipping them separately. Their headers are the importers' own, so a
 * filled-in template imports with no column matching.
 */
import { useState } from 'react';
import { toCsvBytes, toXlsx } from '../../data/io';
import { templateFiles, type TemplateFile } from '../../data/io/templates';
import { browserDownload, MIME, type DownloadFn } from './download';

export type TemplateKind = 'choices' | 'offer' | 'staff' | 'rooms';

const LABEL: Record<TemplateKind, string> = {
  choices: 'choices',
  offer: 'offer (course list)',
  staff: 'staff list',
  rooms: 'room list',
};

/** The bytes of one template file, exactly as data/io/write-templates.ts writes it. */
export async function templateBytes(t: TemplateFile): Promise<Uint8Array> {
  return t.kind === 'csv' ? toCsvBytes(t.rows!) : toXlsx(t.sheets!);
}

/** Download buttons for the blank templates of the given kinds ("Blank choices template (CSV)"). */
export function TemplateLinks(props: { kinds?: TemplateKind[]; download?: DownloadFn; label?: string }) {
  const { kinds = ['choices', 'offer', 'staff', 'rooms'], download = browserDownload } = props;
  const [error, setError] = useState<string | null>(null);
  const files = templateFiles().filter((t) => kinds.some((k) => t.name.startsWith(`${k}-`)));
  const save = async (t: TemplateFile) => {
    setError(null);
    try {
      download(await templateBytes(t), t.name, t.kind === 'csv' ? MIME.csv : MIME.xlsx);
    } catch (e) {
      setError(`The template ${t.name} could not be made: ${(e as Error).message}`);
    }
  };
  return (
    <div className="ks4-io-templates" role="group" aria-label={props.label ?? 'Blank templates'}>
      <span>{props.label ?? 'Blank templates'}: </span>
      {files.map((t) => {
        const kind = kinds.find((k) => t.name.startsWith(`${k}-`))!;
        return (
          <button key={t.name} type="button" data-template={t.name} onClick={() => void save(t)}>
            Blank {LABEL[kind]} template ({t.kind === 'csv' ? 'CSV' : '.xlsx'})
          </button>
        );
      })}
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
