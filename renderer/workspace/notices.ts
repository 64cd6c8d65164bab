export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  /** One line per file or item the notice is about. */
  details: string[];
}

let nextNoticeId = 1;

export function notice(kind: Notice['kind'], text: string, details: string[] = []): Notice {
  return { id: nextNoticeId++, kind, text, details };
}
