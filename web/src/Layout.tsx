/**
 * The frame of every signed-in page: the left navigation (Overview, Maps, Personas, the four
 * analyses, Customers, Findings), the workspace name, and the user menu (name, role, sign out);
 * the page itself renders in the main area (<Outlet/>). A "skip to content" link comes first.
 */
import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useAuth, useSession } from './auth';

const NAV: Array<{ to: string; label: string; icon: string; end?: boolean } | { section: string }> = [
  { to: '/', label: 'Overview', icon: '◎', end: true },
  { to: '/maps', label: 'Journey maps', icon: '▦' },
  { to: '/personas', label: 'Personas', icon: '☺' },
  { section: 'Analyses' },
  { to: '/analyses/sankey', label: 'Paths (Sankey)', icon: '⇶' },
  { to: '/analyses/funnel', label: 'Funnel', icon: '▽' },
  { to: '/analyses/dfg', label: 'Process map', icon: '⤳' },
  { to: '/analyses/retention', label: 'Retention', icon: '▤' },
  { section: 'Data' },
  { to: '/customers', label: 'Customers', icon: '◉' },
  { to: '/findings', label: 'Findings', icon: '⚑' },
];

export function Layout() {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="sidebar__brand">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={26} height={26} />
          <span>Waymark</span>
        </div>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((item) =>
              'section' in item ? (
                <li key={item.section} className="nav__section">
                  {item.section}
                </li>
              ) : (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className={({ isActive }) => `nav__link${isActive ? ' nav__link--active' : ''}`}>
                    <span className="nav__icon" aria-hidden="true">
                      {item.icon}
                    </span>
                    {item.label}
                  </NavLink>
                </li>
              ),
            )}
          </ul>
        </nav>
        <UserMenu />
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

function UserMenu() {
  const { user, workspace } = useSession();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const initials = user.name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="user-menu" ref={box}>
      <button type="button" className="user-menu__button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span className="avatar" aria-hidden="true">
          {initials}
        </span>
        <span className="user-menu__who">
          <span className="user-menu__name">{user.name}</span>
          <span className="user-menu__meta">
            {workspace.name} · <span className={`role role--${user.role}`}>{user.role}</span>
          </span>
        </span>
      </button>
      {open && (
        <div className="user-menu__panel" role="menu">
          <div className="user-menu__email">{user.email}</div>
          <button
            type="button"
            role="menuitem"
            autoFocus
            onClick={async () => {
              await signOut();
              navigate('/signin');
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
