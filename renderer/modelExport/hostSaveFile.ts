// The host's "save as" for a component that is not handed the API: the same choice connectApi makes.
// On the desktop, window.segadapt.saveFile shows the save dialog and writes the file (temporary file,
// then rename); in web mode the browser saves it as a download (webSocketApi does the same).
import type { SaveFileRequest, SaveFileResult } from '../../contract/api';
import { downloadFile } from '../api/downloadFile';

export async function hostSaveFile(request: SaveFileRequest): Promise<SaveFileResult> {
  return window.segadapt ? window.segadapt.saveFile(request) : downloadFile(request);
}
