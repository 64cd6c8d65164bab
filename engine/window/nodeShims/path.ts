// node:path in the engine window: the POSIX subset the engine uses. Paths there are the host's virtual
// names ('/models/<id>'), never the disk's, so POSIX rules fit every platform.

export const sep = '/';

function normalize(parts: string[]): string[] {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out;
}

export function join(...segments: string[]): string {
  const joined = segments.filter((segment) => segment !== '').join('/');
  const body = normalize(joined.split('/')).join('/');
  return joined.startsWith('/') ? `/${body}` : body || '.';
}

export function resolve(...segments: string[]): string {
  let absolute = '';
  for (const segment of segments) absolute = segment.startsWith('/') ? segment : `${absolute}/${segment}`;
  return `/${normalize(absolute.split('/')).join('/')}`;
}

export function basename(file: string): string {
  const parts = normalize(file.split('/'));
  return parts[parts.length - 1] ?? '';
}

export function dirname(file: string): string {
  const parts = normalize(file.split('/'));
  const parent = parts.slice(0, -1).join('/');
  return file.startsWith('/') ? `/${parent}` : parent || '.';
}

export default { sep, join, resolve, basename, dirname };
