import type { SaveFileRequest, SaveFileResult } from '../../contract/api';

/** Web mode's "save as": hands the bytes to the browser's download. */
export function downloadFile(request: SaveFileRequest): SaveFileResult {
  const blob = new Blob([request.data as BlobPart]);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = request.suggestedName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { saved: true, path: request.suggestedName };
}
