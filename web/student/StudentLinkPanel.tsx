/**
 * The planner's "Student link" panel: the link with the whole published offer inside it (offer-link.ts),
 * its QR code, and a one-page print view (QR code, link text, what to do). The QR code is drawn as SVG by
 * qrcode-generator (MIT, no dependencies, maintained since 2009, about 50 kB unminified; chosen over `uqr`
 * for its longer record and its types): nothing is fetched, so it works offline like the rest.
 *
 * A QR code holds at most 2,953 bytes. When the link with the offer inside is longer, the panel says so
 * and the QR code carries the link to a hosted offer file instead (`?offer=URL`), if one is given.
 */
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import qrcode from 'qrcode-generator';
import type { Offer } from '../../solver';
import { offerLink, QR_MAX_BYTES } from './offer-link';

/** The QR code of `text` as SVG path data (one square per dark module), or undefined when it does not fit. */
export function qrPath(text: string): { size: number; d: string } | undefined {
  if (text.length > QR_MAX_BYTES) return undefined;
  try {
    const qr = qrcode(0, 'L');
    qr.addData(text, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (!qr.isDark(r, c)) continue;
        // Runs of dark modules in a row become one rectangle: a smaller SVG.
        let len = 1;
        while (c + len < n && qr.isDark(r, c + len)) len++;
        d += `M${c + 4} ${r + 4}h${len}v1h-${len}z`;
        c += len - 1;
      }
    }
    return { size: n + 8, d };
  } catch {
    return undefined;
  }
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = useMemo(() => qrPath(text), [text]);
  if (!qr) return null;
  return (
    <svg className="sl-qr" viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-label={label} shapeRendering="crispEdges" data-testid="student-qr">
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}

/** The site's own address (the built planner), where a student link opens the student page. */
function pageAddress(): string {
  return typeof location === 'undefined' ? '' : `${location.origin}${location.pathname}`;
}

export function StudentLinkPanel({ offer }: { offer: Offer }) {
  const [inside, setInside] = useState<string | undefined>();
  const [hostedFile, setHostedFile] = useState('');
  const [copied, setCopied] = useState(false);
  const [printing, setPrinting] = useState(false);

  useEffect(() => {
    let stop = false;
    setInside(undefined);
    offerLink(pageAddress(), offer).then(
      (link) => !stop && setInside(link),
      () => !stop && setInside(''),
    );
    return () => {
      stop = true;
    };
  }, [offer]);
  useEffect(() => setCopied(false), [inside]);
  // The print view covers the page: Escape closes it, as a dialog does.
  useEffect(() => {
    if (!printing) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setPrinting(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [printing]);

  const hosted = hostedFile.trim() !== '' ? `${pageAddress()}?offer=${encodeURIComponent(hostedFile.trim())}` : undefined;
  const fits = inside !== undefined && inside !== '' && inside.length <= QR_MAX_BYTES;
  const qrText = fits ? inside : hosted;
  const local = typeof location !== 'undefined' && /^(localhost|127\.|\[::1\])/.test(location.hostname);

  const copy = () => {
    if (!inside) return;
    navigator.clipboard?.writeText(inside).then(
      () => setCopied(true),
      () => undefined,
    );
  };

  return (
    <section className="sl-panel" aria-labelledby="sl-title" data-testid="student-link-panel">
      <LinkStyle printing={printing} />
      <h3 id="sl-title">The student link</h3>
      <p className="muted">
        The whole offer (blocks, courses, free places and rules, nothing about any student) is inside this link. No website is needed for the offer, and what a student picks stays on their phone.
        Send the link, or show or print the QR code.
      </p>
      {inside === undefined ? (
        <p aria-live="polite">Making the link…</p>
      ) : inside === '' ? (
        <p className="note error">This browser cannot make the link (it has no CompressionStream). Use a current Chrome, Edge, Firefox or Safari.</p>
      ) : (
        <>
          <label className="sl-field">
            Link
            <input className="sl-link" readOnly value={inside} onFocus={(e) => e.currentTarget.select()} data-testid="student-link" />
          </label>
          <p className="sl-facts">
            {inside.length.toLocaleString('en-GB')} characters{fits ? '' : `: too long for a QR code (at most ${QR_MAX_BYTES.toLocaleString('en-GB')}).`}
          </p>
          <div className="sl-buttons">
            <button type="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <a href={inside} target="_blank" rel="noopener">
              Open the student page
            </a>
            <button type="button" onClick={() => setPrinting(true)} disabled={!qrText}>
              Print view
            </button>
          </div>
          {local && (
            <p className="note">
              This planner runs at {location.host}, which students' phones cannot reach. Open the planner from where your school publishes it (see README, “Handing out the student page”) before sending the link.
            </p>
          )}
        </>
      )}
      <label className="sl-field">
        Offer file on your school website (optional)
        <input type="url" placeholder="https://www.school.example/options/offer.json" value={hostedFile} onChange={(e) => setHostedFile(e.target.value)} />
      </label>
      {inside && !fits && (
        <p className="note" role="status">
          This offer is too big to go inside a QR code. {hosted ? 'The QR code carries the link to the offer file on your website instead.' : 'Export the “Published offer”, put it on your school website and give its address above: the QR code will carry that link instead.'}
        </p>
      )}
      {hosted && (
        <p className="sl-facts">
          Link to the hosted file: <code>{hosted}</code>
        </p>
      )}
      {qrText && <QrCode text={qrText} label={`QR code of the student link for ${offer.name}`} />}

      {printing &&
        qrText &&
        createPortal(
        <div className="sl-sheet" role="dialog" aria-label="Print view">
          <div className="sl-sheet-inner">
            <h1>Choose your options: {offer.name}</h1>
            <p>Scan the code with your phone's camera, or type the link. Your choices stay on your phone.</p>
            <QrCode text={qrText} label={`QR code of the student link for ${offer.name}`} />
            <p className="sl-print-link">{qrText}</p>
            <div className="sl-buttons sl-noprint">
              <button type="button" onClick={() => window.print()} autoFocus>
                Print
              </button>
              <button type="button" onClick={() => setPrinting(false)}>
                Close
              </button>
            </div>
          </div>
        </div>,
          document.body,
        )}
    </section>
  );
}

function LinkStyle({ printing }: { printing: boolean }) {
  return (
    <style>{`
.sl-panel { border: 1px solid #ccc; border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0 0 1rem; max-width: 60rem; }
.sl-panel h3 { margin: 0 0 0.4rem; }
.sl-field { display: block; margin: 0.5rem 0; }
.sl-field input { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: 0.3rem; margin-top: 0.15rem; }
.sl-link { font-family: ui-monospace, monospace !important; font-size: 0.85rem !important; }
.sl-facts { font-size: 0.9rem; color: #444; margin: 0.25rem 0; overflow-wrap: anywhere; }
.sl-buttons { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
.sl-qr { display: block; width: min(100%, 24rem); height: auto; margin: 0.5rem 0; border: 1px solid #ddd; }
.sl-sheet { position: fixed; inset: 0; background: #fff; z-index: 1000; overflow: auto; color: #000; }
.sl-sheet-inner { max-width: 40rem; margin: 0 auto; padding: 1.5rem; text-align: center; }
.sl-sheet h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
.sl-sheet .sl-qr { width: min(100%, 26rem); margin: 1rem auto; border: none; }
.sl-sheet .sl-buttons { justify-content: center; }
.sl-print-link { font-family: ui-monospace, monospace; font-size: 7pt; line-height: 1.25; word-break: break-all; text-align: left; margin: 0.5rem 0; }
${
  printing
    ? `@media print {
  @page { size: A4; margin: 12mm; }
  body > *:not(.sl-sheet) { display: none !important; }
  .sl-sheet { position: static; overflow: visible; }
  .sl-sheet .sl-qr { width: 11cm; }
  .sl-noprint { display: none !important; }
}`
    : ''
}
`}</style>
  );
}
