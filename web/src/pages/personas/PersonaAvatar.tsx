/**
 * A persona's picture: the photo when it has one, else its initials on a colour chosen from
 * its key (stable across sessions and screens).
 */
const PALETTE = ['#2f5bea', '#0f8b8d', '#b5488f', '#d9822b', '#5d6ad1', '#2e9e5b', '#c2452d', '#7a5af8'];

function colourOf(key: string): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

export function PersonaAvatar({ personaKey, name, photo, size = 48 }: { personaKey: string; name: string; photo?: string; size?: number }) {
  if (photo) return <img className="persona-avatar" src={photo} alt="" width={size} height={size} style={{ width: size, height: size }} />;
  return (
    <span className="persona-avatar" aria-hidden="true" style={{ width: size, height: size, background: colourOf(personaKey || name), fontSize: size * 0.38 }}>
      {initialsOf(name || personaKey)}
    </span>
  );
}
