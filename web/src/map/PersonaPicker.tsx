/**
 * Whose journey the map shows: a persona (photo or initials, name, how many customers match
 * its rule) or all customers. The KPI lanes count the chosen persona's customers only.
 */
import type { PersonaSummary } from './map-api-types';
import { initials } from './CommentsPanel';
import { MenuButton } from './MenuButton';

export function PersonaAvatar({ persona, size = 36 }: { persona: PersonaSummary | undefined; size?: number }) {
  const photo = persona?.profile?.photo;
  if (photo && /^(https?:|data:image\/)/.test(photo)) {
    return <img className="avatar" src={photo} alt="" width={size} height={size} style={{ width: size, height: size }} />;
  }
  let hue = 210;
  for (const ch of persona?.key ?? '') hue = (hue * 31 + ch.charCodeAt(0)) % 360;
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.4, background: persona ? `hsl(${hue} 55% 42%)` : '#64748b' }}>
      {persona ? initials(persona.name) : '∗'}
    </span>
  );
}

function count(p: PersonaSummary | undefined): string {
  return p?.customers !== undefined ? `${p.customers.toLocaleString()} customers` : '';
}

export function PersonaPicker({
  personas,
  value,
  onChange,
  readOnly,
  problem,
  loading = false,
}: {
  personas: PersonaSummary[];
  loading?: boolean;
  value: string | null;
  onChange: (key: string | null) => void;
  readOnly: boolean;
  problem?: string;
}) {
  const current = personas.find((p) => p.key === value);
  const body = (
    <span className="persona-current">
      <PersonaAvatar persona={current} />
      <span className="persona-text">
        <span className="persona-name">{current?.name ?? (value ? value : 'All customers')}</span>
        <span className="persona-count">{current ? count(current) : value ? (loading ? '' : 'unknown persona') : 'no persona filter'}</span>
      </span>
    </span>
  );
  return (
    <div className={`persona-picker${problem ? ' has-problem' : ''}`}>
      {readOnly ? (
        <div className="persona-static" title={current?.description}>
          {body}
        </div>
      ) : (
        <MenuButton
          className="persona-button"
          ariaLabel={`Persona: ${current?.name ?? 'all customers'}. Choose the persona`}
          title={current?.description || 'Choose whose journey this map shows'}
          label={
            <>
              {body}
              <span aria-hidden="true" className="caret">
                ▾
              </span>
            </>
          }
          items={[
            { label: 'All customers', checked: value === null, onSelect: () => onChange(null) },
            ...(loading ? [{ label: 'Loading personas…', disabled: true, onSelect: () => undefined }] : []),
            ...personas.map((p) => ({
              checked: p.key === value,
              label: (
                <span className="persona-option">
                  <PersonaAvatar persona={p} size={26} />
                  <span>
                    {p.name}
                    <span className="muted small"> · {count(p) || p.key}</span>
                  </span>
                </span>
              ),
              onSelect: () => onChange(p.key),
            })),
          ]}
        />
      )}
      {problem ? <span className="field-problem">{problem}</span> : null}
    </div>
  );
}
