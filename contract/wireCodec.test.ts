import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './wireCodec';

describe('wire frames', () => {
  it('carry nested byte arrays and plain values unchanged', () => {
    const message = {
      id: 3,
      call: 'startJob',
      args: [{ kind: 'predict', images: [{ name: 'a.png', bytes: new Uint8Array([1, 2, 3]) }, { name: 'b.png', bytes: new Uint8Array(0) }], note: 'ü' }],
    };
    const decoded = decodeFrame(encodeFrame(message)) as typeof message;
    expect(decoded.args[0].images[0].bytes).toBeInstanceOf(Uint8Array);
    expect([...decoded.args[0].images[0].bytes]).toEqual([1, 2, 3]);
    expect(decoded.args[0].images[1].bytes.byteLength).toBe(0);
    expect(decoded.args[0].note).toBe('ü');
    expect(decoded.id).toBe(3);
  });

  it("carry a Uint8Array subclass with its own toJSON (Node's Buffer) as bytes, not as a JSON list of numbers", () => {
    class JsonBytes extends Uint8Array {
      toJSON() {
        return { type: 'Buffer', data: [...this] };
      }
    }
    const frame = encodeFrame({ event: { files: [{ name: 'model.onnx', data: JsonBytes.from([7, 8, 9]) }] } });
    expect(frame.byteLength).toBeLessThan(100);
    const decoded = decodeFrame(frame) as { event: { files: { data: Uint8Array }[] } };
    expect(decoded.event.files[0].data).toBeInstanceOf(Uint8Array);
    expect([...decoded.event.files[0].data]).toEqual([7, 8, 9]);
  });

  it('rejects a truncated frame instead of inventing bytes', () => {
    const frame = encodeFrame({ bytes: new Uint8Array(100) });
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 10))).toThrow(/overrun/);
    expect(() => decodeFrame(new Uint8Array(2))).toThrow(/short/);
  });

  it('refuses a header that announces more attachment bytes than the frame holds, before allocating them', () => {
    const frame = rawFrame('{"id":1,"call":"startJob","args":[{"$bytes":4e8,"length":4e8}]}');
    expect(() => decodeFrame(frame)).toThrow(/attachment 400000000/);
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0,"length":4e8}}', 10))).toThrow(/overrun/);
  });

  it('refuses attachment indexes that are negative, fractional, out of range or repeated', () => {
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":-1,"length":1}}', 1))).toThrow(/names attachment -1/);
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0.5,"length":1}}', 1))).toThrow(/names attachment 0.5/);
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":1,"length":1}}', 1))).toThrow(/names attachment 1, but the frame has 1/);
    expect(() => decodeFrame(rawFrame('[{"$bytes":0,"length":1},{"$bytes":0,"length":1}]', 2))).toThrow(/attachment 0 twice/);
  });

  it('refuses attachment lengths that are not byte counts', () => {
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0,"length":-1}}', 1))).toThrow(/length -1, not a byte count/);
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0,"length":0.5}}', 1))).toThrow(/length 0.5, not a byte count/);
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0,"length":1e300}}', 1))).toThrow(/not a byte count/);
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0,"size":1}}', 1))).toThrow(/not a byte count/);
  });

  it('refuses a frame with bytes left over after its attachments', () => {
    expect(() => decodeFrame(rawFrame('{"a":{"$bytes":0,"length":1}}', 3))).toThrow(/2 bytes after its attachments/);
    expect(() => decodeFrame(rawFrame('{"a":1}', 1))).toThrow(/1 bytes after its attachments/);
  });

  it('reads attachments by their index, whatever order the header lists them in', () => {
    const frame = rawFrame('{"b":{"$bytes":1,"length":2},"a":{"$bytes":0,"length":1}}', 3);
    frame.set([7, 8, 9], frame.byteLength - 3);
    const decoded = decodeFrame(frame) as { a: Uint8Array; b: Uint8Array };
    expect([...decoded.a]).toEqual([7]);
    expect([...decoded.b]).toEqual([8, 9]);
  });
});

/** A frame with this header text followed by `attachmentBytes` zero bytes, as a client could send it. */
function rawFrame(header: string, attachmentBytes = 0): Uint8Array {
  const headerBytes = new TextEncoder().encode(header);
  const frame = new Uint8Array(4 + headerBytes.byteLength + attachmentBytes);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength, true);
  frame.set(headerBytes, 4);
  return frame;
}
