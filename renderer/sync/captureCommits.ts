// A Dexie middleware (the lowest, right above IndexedDB) that sees every row written or deleted in
// every table, whoever wrote it (repositories, EditWriter, migrations, tables added later), and hands
// a transaction's changes on only once IndexedDB reports it committed. Nothing here knows a table.

import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { captureValue, isRowKey } from './wireRows';

/** One row written (value) or deleted (null), as committed. */
export interface CapturedChange {
  table: string;
  key: string | number | unknown[];
  value: unknown;
}

export interface CommitSink {
  /** A write transaction made its first change (before it commits: a crash after this may leave the host behind). */
  writeStarted(): void;
  /** It committed these changes, in order. */
  committed(changes: CapturedChange[]): void;
  /** It ended without committing. */
  writeEnded(): void;
  /** A change could not be captured (the write itself goes on): the host copy misses it. */
  captureFailed(error: unknown): void;
  /** While true (restoring from the host), nothing is captured. */
  readonly paused: boolean;
}

type Listened = DBCoreTransaction & Pick<EventTarget, 'addEventListener'>;

function captureMutation(request: DBCoreMutateRequest, response: DBCoreMutateResponse, table: DBCoreTable, deletedKeys: unknown[] | null, into: CapturedChange[]): void {
  const failed = (index: number) => response.failures[index] !== undefined;
  const push = (key: unknown, value: unknown) => {
    // Keys of other types (dates, binary) cannot travel; no table of ours uses them.
    if (isRowKey(key)) into.push({ table: table.name, key, value });
  };
  switch (request.type) {
    case 'add':
    case 'put':
      request.values.forEach((value, index) => {
        if (!failed(index)) push(response.results?.[index] ?? table.schema.primaryKey.extractKey?.(value), captureValue(value));
      });
      break;
    case 'delete':
      request.keys.forEach((key, index) => {
        if (!failed(index)) push(key, null);
      });
      break;
    case 'deleteRange':
      for (const key of deletedKeys ?? []) push(key, null);
      break;
  }
}

export function commitCaptureMiddleware(sink: CommitSink): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'SegAdaptHostCopy',
    level: -10,
    create: (down: DBCore): Partial<DBCore> => {
      const open = new WeakMap<DBCoreTransaction, CapturedChange[]>();
      return {
        ...down,
        table(name) {
          const table = down.table(name);
          return {
            ...table,
            mutate(request) {
              if (sink.paused) return table.mutate(request);
              let changes = open.get(request.trans);
              if (!changes) {
                const captured: CapturedChange[] = [];
                changes = captured;
                open.set(request.trans, captured);
                sink.writeStarted();
                const transaction = request.trans as Listened;
                let ended = false;
                const end = (committed: boolean) => () => {
                  if (ended) return;
                  ended = true;
                  if (committed) sink.committed(captured);
                  else sink.writeEnded();
                };
                transaction.addEventListener('complete', end(true));
                transaction.addEventListener('abort', end(false));
                transaction.addEventListener('error', end(false));
              }
              const into = changes;
              // Promise chains, not async/await: Dexie keeps its transaction zone through its own promises.
              const mutate = (deletedKeys: unknown[] | null) =>
                table.mutate(request).then((response) => {
                  // Whatever happens here, the app's own write must not fail because of the copy.
                  try {
                    captureMutation(request, response, table, deletedKeys, into);
                  } catch (error) {
                    sink.captureFailed(error);
                  }
                  return response;
                });
              if (request.type !== 'deleteRange') return mutate(null);
              return table.query({ trans: request.trans, values: false, query: { index: table.schema.primaryKey, range: request.range } }).then(
                (found) => mutate(found.result),
                (error: unknown) => {
                  sink.captureFailed(error);
                  return mutate(null);
                },
              );
            },
          };
        },
      };
    },
  };
}

/** Installs the capture on a database before it opens. */
export function captureCommits(db: Dexie, sink: CommitSink): void {
  db.use(commitCaptureMiddleware(sink));
}
