// Object URLs for thumbnails of the rows in view; the least recently used are revoked so that
// scrolling through 5,000 images does not keep 5,000 URLs alive.
const MAX_URLS = 400;
const urls = new Map<string, string>();

export function thumbnailUrl(imageId: string, thumbnail: Blob): string {
  const known = urls.get(imageId);
  if (known) {
    urls.delete(imageId);
    urls.set(imageId, known);
    return known;
  }
  const url = URL.createObjectURL(thumbnail);
  urls.set(imageId, url);
  if (urls.size > MAX_URLS) {
    const [oldestId, oldestUrl] = urls.entries().next().value!;
    urls.delete(oldestId);
    URL.revokeObjectURL(oldestUrl);
  }
  return url;
}
