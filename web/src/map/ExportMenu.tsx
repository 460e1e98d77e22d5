/**
 * Exports of the saved map (GET /v1/maps/:id/export?format=…): SVG and PNG pictures, JSON that
 * imports back, CSV of the lanes, and Mermaid `journey` text — downloaded, and Mermaid also shown
 * in a dialog with a Copy button. Pending edits are saved first.
 */
import { useState } from 'react';
import { api, ApiError } from '../api';
import { MenuButton } from './MenuButton';
import { Modal } from './Modal';
import { Icon } from './icons';

const FORMATS = [
  { format: 'svg', label: 'SVG picture' },
  { format: 'png', label: 'PNG picture' },
  { format: 'json', label: 'JSON (imports back)' },
  { format: 'csv', label: 'CSV of the lanes' },
  { format: 'mermaid', label: 'Mermaid journey (download)' },
] as const;

export function exportUrl(mapId: string, format: string): string {
  return `/v1/maps/${encodeURIComponent(mapId)}/export?format=${format}`;
}

function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function ExportMenu({ mapId, beforeExport }: { mapId: string; beforeExport: () => Promise<void> }) {
  const [mermaid, setMermaid] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [copied, setCopied] = useState(false);

  const run = async (format: string) => {
    setError(undefined);
    try {
      await beforeExport();
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    download(exportUrl(mapId, format));
  };
  const showMermaid = async () => {
    setError(undefined);
    setCopied(false);
    try {
      await beforeExport();
      setMermaid(await api<string>('GET', exportUrl(mapId, 'mermaid')));
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <MenuButton
        className="toolbar-button"
        label={
          <>
            <Icon name="download" /> Export
          </>
        }
        ariaLabel="Export the map"
        align="end"
        items={[
          ...FORMATS.map((f) => ({ label: f.label, onSelect: () => void run(f.format) })),
          { label: 'Mermaid text…', onSelect: () => void showMermaid() },
        ]}
      />
      {error ? (
        <span className="field-problem" role="alert">
          Export failed: {error}
        </span>
      ) : null}
      {mermaid !== null ? (
        <Modal title="Mermaid journey" onClose={() => setMermaid(null)} wide>
          <p className="muted">Paste into a Markdown file in a ```mermaid block: GitHub renders it as a journey diagram.</p>
          <textarea className="mermaid-text" readOnly value={mermaid} aria-label="Mermaid text" rows={16} onFocus={(e) => e.currentTarget.select()} />
          <div className="modal-actions">
            <button
              type="button"
              className="primary-button"
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(mermaid)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false));
              }}
            >
              {copied ? '✓ Copied' : 'Copy'}
            </button>
            <button type="button" className="small-button" onClick={() => void run('mermaid')}>
              Download .mmd
            </button>
          </div>
        </Modal>
      ) : null}
    </>
  );
}
