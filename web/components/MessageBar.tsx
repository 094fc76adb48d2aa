/** The planner's one message area: errors are announced at once (role=alert), the rest politely. */
import { dismissMessage } from '../state/actions';
import { usePlanner } from '../state/store';

export function MessageBar() {
  const message = usePlanner((s) => s.message);
  return (
    <div className="messages" aria-live="polite">
      {message && (
        <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="message">
          <div className="message-body">
            <p>{message.text}</p>
            {message.details && message.details.length > 0 && (
              <ul className="issues">
                {message.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="button" className="plain" onClick={dismissMessage} aria-label="Dismiss message">
            ✕
          </button>
        </div>
      )}
    </div>
  );
}
