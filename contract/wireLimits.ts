// How large one message between the renderer and the web host may be: shared so that both sides agree.

// The largest message a client sends is an adapt job: each labeled sample carries its encoded image
// and a class-id mask at image resolution (one byte a pixel). The cap fits a few-shot job with room
// to spare: 32 labeled 12-megapixel photos (DESIGN: "a handful"; bench/fewshot uses K=5), each at most 8 MiB encoded plus
// its 12 MB mask, and 16 MiB for the JSON header (polygons, boxes, names). A predict job of more
// images than fit must be sent as several jobs. ws buffers a whole message before we see it and
// decodeFrame copies the attachments out, so this bounds what one socket can make the host hold.
// The renderer checks a request against it before sending, so an oversized job is refused with a
// message instead of closing the connection.
const MAX_JOB_IMAGES = 32;
const PHOTO_PIXELS = 12_000_000;
const MAX_ENCODED_IMAGE_BYTES = 8 * 1024 * 1024;
const HEADER_HEADROOM_BYTES = 16 * 1024 * 1024;
/** Largest WebSocket message the host accepts (about 670 MB); a longer one closes the socket with 1009. */
export const MAX_MESSAGE_BYTES = MAX_JOB_IMAGES * (MAX_ENCODED_IMAGE_BYTES + PHOTO_PIXELS) + HEADER_HEADROOM_BYTES;

/** What the user is told when a request is over the limit (the host would close the connection). */
export function tooLargeMessage(bytes: number): string {
  const mb = (value: number) => Math.ceil(value / 1e6);
  return `this request is ${mb(bytes)} MB, more than the ${mb(MAX_MESSAGE_BYTES)} MB one request may carry; send fewer or smaller images at a time`;
}
