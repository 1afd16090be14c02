import { settlementHash } from '../lib/routes';
import { useState } from 'react';
import { useT } from '../i18n';
import type { TimelineEvent } from '../lib/api';
import { EVENT_KINDS, eventText, eventsOf, settlementOf, type EventKind } from '../lib/timeline-text';

/** 参保经历: the member's events in date order, in words, filtered by kind; a settlement's id beside it. */
export function MemberTimeline({ events, error }: { events: TimelineEvent[] | null; error: string | null }) {
  const t = useT();
  const tl = t.timeline;
  const [kind, setKind] = useState<EventKind | 'all'>('all');
  const shown = events ? eventsOf(events, kind) : [];
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <div className="section-head">
        <h3 id="timeline-title">{tl.title}</h3>
        <label>
          {tl.filter}
          <select id="timeline-kind" value={kind} onChange={(e) => setKind(e.target.value as EventKind | 'all')}>
            <option value="all">{tl.all}</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {tl.kinds[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!events && !error && <p className="note">{tl.loading}</p>}
      {events && shown.length === 0 && <p className="note">{tl.none}</p>}
      {shown.length > 0 && (
        <ol className="events">
          {shown.map((e, i) => {
            const id = settlementOf(e);
            return (
              <li key={i} data-kind={e.kind}>
                <time dateTime={e.date}>{e.date}</time>
                <span className="event-kind">{tl.kinds[e.kind]}</span>
                <span className="event-text">
                  {eventText(e, t)}
                  {id && (e.kind === 'settlement' || e.kind === 'reversal') && (
                    <>
                      {' '}
                      <span className="note">
                        {tl.settlementId}{' '}
                        <a href={settlementHash(id)}>
                          <code>{id}</code>
                        </a>
                      </span>
                    </>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
