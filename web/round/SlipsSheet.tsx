/**
 * The printable access-code slips: one slip a pupil (the name shown to them, admission number, the code in
 * large monospace, the sign-in link and its QR code, the deadline in words), eight to an A4 page in two
 * columns of four, each slip a fixed 97 × 70 mm box with a dashed edge so the sheet cuts cleanly. Shown
 * over the page on screen (Print, Close, Escape); only the sheet prints (round.css).
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';
import type { IssuedCodeWire } from '../../data/options-round';
import { QrCode } from '../student/StudentLinkPanel';
import { linkLines } from './slips';

export function SlipsSheet({ codes, link, deadlineWords, roundName, onClose }: { codes: readonly IssuedCodeWire[]; link: string; deadlineWords: string; roundName: string; onClose: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const [host, tail] = linkLines(link);
  return createPortal(
    <div className="rp-slips-sheet" role="dialog" aria-label={`Access-code slips for ${roundName}`} data-testid="round-slips">
      <div className="rp-noprint rp-slips-bar">
        <p>
          {codes.length} slip{codes.length === 1 ? '' : 's'}, 8 to an A4 page. Cut along the dashed lines. Each code lets anyone holding it see and change that pupil&rsquo;s choices: hand each slip to its pupil only.
        </p>
        <button type="button" onClick={() => window.print()} autoFocus>
          Print the slips
        </button>{' '}
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="rp-slips">
        {codes.map((c) => (
          <section className="rp-slip" key={c.admissionNumber} data-adno={c.admissionNumber} aria-label={`Slip for ${c.name}`}>
            <h2 className="rp-slip-title">{roundName}</h2>
            <p className="rp-slip-name">{c.name}</p>
            <p className="rp-slip-adno">Admission number {c.admissionNumber}</p>
            <p className="rp-slip-label">Your code</p>
            <p className="rp-slip-code" data-testid="slip-code">
              {c.code}
            </p>
            <div className="rp-slip-foot">
              <QrCode text={link} label={`QR code of ${link}`} />
              <div>
                <p>
                  Go to{' '}
                  <span className="rp-slip-link">
                    {host}
                    <wbr />
                    <span className="rp-slip-nowrap">{tail}</span>
                  </span>{' '}
                  (or scan the code) and sign in with the code above.
                </p>
                <p>
                  Choose by <b>{deadlineWords}</b>. You can change your choices until then.
                </p>
              </div>
            </div>
          </section>
        ))}
      </div>
    </div>,
    document.body,
  );
}
