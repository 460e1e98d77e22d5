/**
 * The application: React Router under /app (the server's base for the SPA), the auth provider,
 * the sign-in page, and every signed-in page inside the layout. Pages load lazily so the first
 * paint (sign-in, overview) does not wait for the chart and map code.
 */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AuthProvider, RequireAuth } from './auth';
import { Loading } from './components/Notice';
import { Layout } from './Layout';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignInPage } from './pages/SignInPage';

const OverviewPage = lazy(() => import('./pages/OverviewPage').then((m) => ({ default: m.OverviewPage })));
const MapsPage = lazy(() => import('./map/MapsPage').then((m) => ({ default: m.MapsPage })));
const MapCanvasPage = lazy(() => import('./map/MapCanvasPage').then((m) => ({ default: m.MapCanvasPage })));
const PersonasPage = lazy(() => import('./pages/personas/PersonasPage').then((m) => ({ default: m.PersonasPage })));
const SankeyPage = lazy(() => import('./pages/analyses/SankeyPage').then((m) => ({ default: m.SankeyPage })));
const FunnelPage = lazy(() => import('./pages/analyses/FunnelPage').then((m) => ({ default: m.FunnelPage })));
const DfgPage = lazy(() => import('./pages/analyses/DfgPage').then((m) => ({ default: m.DfgPage })));
const RetentionPage = lazy(() => import('./pages/analyses/RetentionPage').then((m) => ({ default: m.RetentionPage })));
const CustomersPage = lazy(() => import('./pages/customers/CustomersPage').then((m) => ({ default: m.CustomersPage })));
const FindingsPage = lazy(() => import('./pages/findings/FindingsPage').then((m) => ({ default: m.FindingsPage })));

export function App() {
  return (
    <BrowserRouter basename="/app">
      <AuthProvider>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/signin" element={<SignInPage />} />
            <Route
              element={
                <RequireAuth>
                  <Layout />
                </RequireAuth>
              }
            >
              <Route index element={<OverviewPage />} />
              <Route path="maps" element={<MapsPage />} />
              <Route path="maps/:id" element={<MapCanvasPage />} />
              <Route path="personas" element={<PersonasPage />} />
              <Route path="personas/:key" element={<PersonasPage />} />
              <Route path="analyses/sankey" element={<SankeyPage />} />
              <Route path="analyses/funnel" element={<FunnelPage />} />
              <Route path="analyses/dfg" element={<DfgPage />} />
              <Route path="analyses/retention" element={<RetentionPage />} />
              <Route path="customers" element={<CustomersPage />} />
              <Route path="customers/:id" element={<CustomersPage />} />
              <Route path="findings" element={<FindingsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </Suspense>
      </AuthProvider>
    </BrowserRouter>
  );
}
