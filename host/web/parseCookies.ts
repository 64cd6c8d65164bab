// Reads one cookie from a request's Cookie header without trusting it: the header is whatever the
// client sent, so a malformed value must read as "no such cookie", never throw.

/**
 * The value of the first cookie called `name`, percent-decoded; null when there is none or when its
 * percent-encoding is malformed (such a value cannot be one the host set).
 */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}
