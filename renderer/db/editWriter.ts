import type { EditSink } from '../editor/editor';
import type { DocumentEdit, EditDirection } from '../editor/document';
import { saveEdit } from './annotationRepository';
import type { SegAdaptDatabase } from './segAdaptDatabase';

/**
 * Saves edits in the order they were made, each in its own transaction, as soon as they happen.
 * `onSaved` lets the image list refresh (flushed() waits for it too); `onError` tells the user (a failed
 * write must not pass silently).
 */
export class EditWriter implements EditSink {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly db: SegAdaptDatabase,
    private readonly onSaved: (imageId: string) => void | Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  save(imageId: string, edit: DocumentEdit, direction: EditDirection): void {
    this.pending++;
    this.queue = this.queue
      .then(() => saveEdit(this.db, imageId, edit, direction))
      .then(() => this.onSaved(imageId))
      .catch(this.onError)
      .finally(() => this.pending--);
  }

  /** Resolves when every edit made so far is stored. */
  flushed(): Promise<void> {
    return this.queue;
  }

  get hasPending(): boolean {
    return this.pending > 0;
  }
}
