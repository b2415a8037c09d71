import { connect } from 'node:net';
import { HOST } from './servers.js';

/**
 * Loads `count` distinct keys `key:%07d` with 32-byte values by pipelined SET, in batches,
 * waiting for every batch's "+OK" replies before sending the next. The same loader serves both
 * servers, so RSS per key compares like with like.
 */
export const VALUE_BYTES = 32;

export function keyName(i: number): string {
  return 'key:' + String(i).padStart(7, '0');
}

export function setCommand(key: string, value: string): string {
  return `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`;
}

export function loadKeys(port: number, count: number, batch = 5000): Promise<void> {
  const value = 'v'.repeat(VALUE_BYTES);
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: HOST });
    let sent = 0;
    let expectBytes = 0;
    let gotBytes = 0;
    const sendBatch = () => {
      const n = Math.min(batch, count - sent);
      if (n === 0) {
        s.end();
        resolve();
        return;
      }
      let out = '';
      for (let i = 0; i < n; i++) out += setCommand(keyName(sent + i), value);
      sent += n;
      expectBytes += n * 5; // "+OK\r\n"
      s.write(out, 'latin1');
    };
    s.once('error', reject);
    s.once('connect', sendBatch);
    s.on('data', (d: Buffer) => {
      // Every reply is "+OK\r\n"; the caller checks DBSIZE afterwards.
      gotBytes += d.length;
      if (gotBytes === expectBytes) sendBatch();
      else if (gotBytes > expectBytes) {
        s.destroy();
        reject(new Error(`loader got an unexpected reply: ${d.toString('latin1', 0, 80)}`));
      }
    });
  });
}
