// Reads the app's IndexedDB directly, as stored, without going through the app.
import type { Page } from 'playwright-core';

// The browser-side types this needs (the node tsconfig has no DOM library).
type IdbRequest<T> = { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
type IdbDatabase = { transaction(store: string): { objectStore(name: string): { getAll(): IdbRequest<unknown[]> } }; close(): void };

/** All rows of one store of the app's database. */
export function storedRows<T>(page: Page, store: string): Promise<T[]> {
  return page.evaluate(async (name) => {
    const { indexedDB } = globalThis as unknown as { indexedDB: { open(name: string): IdbRequest<IdbDatabase> } };
    const db = await new Promise<IdbDatabase>((resolve, reject) => {
      const request = indexedDB.open('segadapt');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction(name).objectStore(name).getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows as T[];
  }, store);
}
