/**
 * The application: routes under /app.
 */
export function App() {
  return <h1>Waymark</h1>;
}
