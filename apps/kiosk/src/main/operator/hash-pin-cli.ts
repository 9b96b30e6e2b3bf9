/**
 * Prints the scrypt hash of an operator PIN for the kiosk configuration (`operatorPinHash`).
 *
 *   npx tsx apps/kiosk/src/main/operator/hash-pin-cli.ts            # asks for the PIN (not echoed)
 *   echo 482913 | npx tsx apps/kiosk/src/main/operator/hash-pin-cli.ts
 */
import { createInterface } from 'node:readline';
import { hashPin } from './pin-hash.js';

async function readPin(): Promise<string> {
  if (!process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.trim();
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write('Operator PIN (4-12 digits): ');
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const pin = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return pin.trim();
}

const pin = await readPin();
try {
  process.stdout.write(`${await hashPin(pin)}\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
}
