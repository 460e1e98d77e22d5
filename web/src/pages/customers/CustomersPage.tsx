/**
 * Customers: search on the left, the chosen customer's profile and unified timeline on the right
 * (/customers/:id; ?q= keeps the search).
 */
import { useParams } from 'react-router';
import { Empty } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { CustomerSearch } from './CustomerSearch';
import { CustomerTimeline } from './CustomerTimeline';

export function CustomersPage() {
  const { id } = useParams();
  return (
    <>
      <PageHeader title="Customers" description="One profile per person across web, app, e-mail, store and support, with everything they did in order." />
      <div className="split split--customers">
        <CustomerSearch selected={id} />
        <div className="split__main">{id ? <CustomerTimeline key={id} id={id} /> : <Empty>Choose a customer to see their timeline.</Empty>}</div>
      </div>
    </>
  );
}
