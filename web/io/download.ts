/** Saving bytes as a file from the page: an object URL on a temporary link, released straight after. */

export type DownloadFn = (bytes: Uint8Array | string, fileName: string, mime: string) => void;

export const MIME = {
  csv: 'text/csv;charset=utf-8',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const browserDownload: DownloadFn = (bytes, fileName, mime) => {
  const blob = new Blob([typeof bytes === 'string' ? bytes : (bytes.slice().buffer as ArrayBuffer)], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Some browsers start the download after click() returns; give them a moment before revoking.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/** A file-name-safe stem from a scenario name: "Year 9 options 2027, offer B" -> "Year-9-options-2027-offer-B". */
export function fileStem(name: string): string {
  return name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'scenario';
}
