import { useState } from 'react';
import type { AuditQuery } from '@mesh-portal/plugin-mesh-common';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import GetAppIcon from '@material-ui/icons/GetApp';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { meshApiRef } from '../../api/MeshApi';

/** Props of {@link ExportCsvButton}. */
export interface ExportCsvButtonProps {
  /** The filters to export with; paging is ignored, the export is complete. */
  query: AuditQuery;
}

/** A UTF-8 byte order mark, so spreadsheet programs read non-ASCII names right. */
const BOM = '\ufeff';

/** Hands text to the browser as a file download. */
function downloadText(text: string, fileName: string) {
  // Reading the response as text drops the backend's byte order mark; put it back.
  const content = text.startsWith(BOM) ? text : `${BOM}${text}`;
  const url = URL.createObjectURL(
    new Blob([content], { type: 'text/csv;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads the filtered audit as CSV. The backend produces it, so it is
 * complete (not just the visible page) and permission-checked.
 */
export const ExportCsvButton = ({ query }: ExportCsvButtonProps) => {
  const meshApi = useApi(meshApiRef);
  const alertApi = useApi(alertApiRef);
  const [busy, setBusy] = useState(false);
  const exportCsv = async () => {
    setBusy(true);
    try {
      const { offset: _offset, limit: _limit, ...filters } = query;
      const csv = await meshApi.exportAuditCsv(filters);
      const day = new Date().toISOString().slice(0, 10);
      downloadText(csv, `mesh-audit-${day}.csv`);
    } catch (error) {
      alertApi.post({
        message: `CSV export failed: ${(error as Error).message}`,
        severity: 'error',
        display: 'transient',
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="outlined"
      color="primary"
      onClick={exportCsv}
      disabled={busy}
      startIcon={busy ? <CircularProgress size={16} /> : <GetAppIcon />}
    >
      Export CSV
    </Button>
  );
};
