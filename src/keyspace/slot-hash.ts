/**
 * Redis Cluster's key -> slot mapping: CRC16-CCITT (XMODEM) of the key, or of the text inside the
 * first non-empty {hash tag}, mod 16384. Works on latin1 strings (one char per byte), so keys
 * with bytes >= 0x80 hash as the bytes Redis sees. `cluster-key-slot` is the oracle in the tests;
 * it encodes JS strings as UTF-8, which is wrong for binary keys, and allocates per call.
 */
export const SLOT_COUNT = 16384;

const TABLE = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let crc = i << 8;
  for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  TABLE[i] = crc;
}

function crc16(s: string, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff]!;
  return crc;
}

export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & (SLOT_COUNT - 1);
  }
  return crc16(key, 0, key.length) & (SLOT_COUNT - 1);
}
