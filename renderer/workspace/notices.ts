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

/** Notices kept on screen; older ones go first, so a run of imports never pushes the image list away. */
export const MAX_NOTICES = 4;

export function addNotices(current: readonly Notice[], added: readonly Notice[]): Notice[] {
  return [...current, ...added].slice(-MAX_NOTICES);
}
