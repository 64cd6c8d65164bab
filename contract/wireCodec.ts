// Binary framing for the web host's WebSocket: a JSON header plus raw byte attachments, so images and
// model files travel as bytes rather than base64 or number arrays.
// Frame: [u32 header length][header JSON utf-8][attachment 0][attachment 1]...
// In the header, every Uint8Array is replaced by {"$bytes": index, "length": n}.

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

interface BytesRef {
  $bytes: number;
  length: number;
}

function isBytesRef(value: unknown): value is BytesRef {
  return typeof value === 'object' && value !== null && typeof (value as BytesRef).$bytes === 'number' && Object.keys(value).length === 2;
}

export function encodeFrame(value: unknown): Uint8Array {
  const attachments: Uint8Array[] = [];
  const header = JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
    // JSON.stringify calls toJSON before the replacer, so Node's Buffer (a Uint8Array the engine's
    // encoders return) would arrive as {"type": "Buffer", "data": [...]}: look at the value itself.
    const bytes = this[key];
    if (bytes instanceof Uint8Array) {
      attachments.push(bytes);
      return { $bytes: attachments.length - 1, length: bytes.byteLength };
    }
    return item;
  });
  const headerBytes = textEncoder.encode(header);
  const total = 4 + headerBytes.byteLength + attachments.reduce((sum, a) => sum + a.byteLength, 0);
  const frame = new Uint8Array(total);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength, true);
  frame.set(headerBytes, 4);
  let offset = 4 + headerBytes.byteLength;
  for (const attachment of attachments) {
    frame.set(attachment, offset);
    offset += attachment.byteLength;
  }
  return frame;
}

/**
 * The attachment sizes the header announces, by index, checked against the frame before anything is
 * allocated: the frame comes from the network, so an index or length is only a claim. encodeFrame numbers
 * its n attachments 0..n-1, each referenced once, and they fill the rest of the frame exactly.
 */
function attachmentSizes(refs: BytesRef[], available: number): number[] {
  const sizes = new Array<number>(refs.length);
  let total = 0;
  for (const ref of refs) {
    const index = ref.$bytes;
    if (!Number.isInteger(index) || index < 0 || index >= refs.length) {
      throw new Error(`frame header names attachment ${index}, but the frame has ${refs.length} (0..${refs.length - 1})`);
    }
    if (sizes[index] !== undefined) throw new Error(`frame header names attachment ${index} twice`);
    if (!Number.isSafeInteger(ref.length) || ref.length < 0) {
      throw new Error(`frame header gives attachment ${index} the length ${JSON.stringify(ref.length)}, not a byte count`);
    }
    total += ref.length;
    if (total > available) throw new Error(`frame attachments overrun the frame (${available} bytes follow the header)`);
    sizes[index] = ref.length;
  }
  if (total !== available) throw new Error(`frame has ${available - total} bytes after its attachments`);
  return sizes;
}

export function decodeFrame(frame: Uint8Array): unknown {
  if (frame.byteLength < 4) throw new Error('frame too short');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new Error('frame header overruns the frame');
  const header = textDecoder.decode(frame.subarray(4, 4 + headerLength));
  const refs: BytesRef[] = [];
  JSON.parse(header, (_key, item: unknown) => {
    if (isBytesRef(item)) refs.push(item);
    return item;
  });
  const sizes = attachmentSizes(refs, frame.byteLength - 4 - headerLength);
  const starts: number[] = [];
  let offset = 4 + headerLength;
  for (let i = 0; i < sizes.length; i++) {
    starts[i] = offset;
    offset += sizes[i];
  }
  return JSON.parse(header, (_key, item: unknown) => {
    if (isBytesRef(item)) return frame.slice(starts[item.$bytes], starts[item.$bytes] + item.length);
    return item;
  });
}

/** Request from the web client: one API call. */
export interface WireRequest {
  id: number;
  call: string;
  args: unknown[];
}

/** Reply to a request, or an event pushed by the host. */
export type WireMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  | { event: unknown };
