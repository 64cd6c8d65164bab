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

  it('rejects a truncated frame instead of inventing bytes', () => {
    const frame = encodeFrame({ bytes: new Uint8Array(100) });
    expect(() => decodeFrame(frame.subarray(0, frame.byteLength - 10))).toThrow(/overrun/);
    expect(() => decodeFrame(new Uint8Array(2))).toThrow(/short/);
  });
});
