/**
 * A path inside /app that no page answers.
 */
import { Link, useLocation } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        Nothing lives at <code>{pathname}</code>. Go to the <Link to="/">overview</Link>.
      </p>
    </>
  );
}
