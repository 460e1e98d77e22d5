/**
 * What changed between two versions of a map (GET /v1/maps/:id/compare → {from, to, diff}).
 */
export interface CompareAnswer {
  from: string;
  to: string;
  diff: unknown;
}

export function MapDiffView({ answer }: { answer: CompareAnswer }) {
  return (
    <section className="diff-view" aria-label="Comparison">
      <h3>
        {answer.from} → {answer.to}
      </h3>
      <pre className="diff-raw">{JSON.stringify(answer.diff, null, 2)}</pre>
    </section>
  );
}
