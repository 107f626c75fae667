/** scripts/charsets.ts --verify: the generated tables against libvirt 12.8.0 (see there). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASCII_OR_NOTHING, INVALID_BYTE, SINGLE_BYTE } from '../../src/parse/xml-charsets.js';
import { UNREADABLE_FORKY } from '../../src/parse/xml-encodings.js';

const isXmlChar = (cp: number) => cp === 0x9 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd);
const domain = (serial: Buffer, encoding?: string) => Buffer.concat([
  Buffer.from(`${encoding ? `<?xml version='1.0' encoding='${encoding}'?>\n` : ''}<domain type='kvm'><name>a</name><uuid>4d1c9a3e-7b52-4f0e-9a61-2f8e5c3b7d10</uuid><memory>1024</memory><os><type>hvm</type></os><devices><disk type='file' device='disk'><source file='/a'/><target dev='vda'/><serial>`),
  serial, Buffer.from('</serial></disk></devices></domain>\n'),
]);
const SERIAL = 'zz';
const MISMATCH = /^unsupported configuration: Target disk serial ([\s\S]*) does not match source zz$/;

export function verify(runOracle = fileURLToPath(new URL('../../../shared/oracle/run-oracle.sh', import.meta.url))): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'abi-charsets-'));
  try {
    const src = join(dir, 'src.xml');
    writeFileSync(src, domain(Buffer.from(SERIAL)));
    const unreadable = new Set(Object.values(UNREADABLE_FORKY).flatMap((l) => l.split(/\s+/)));
    const want = new Map<string, string>(); // dst file -> expected serial, or the error
    for (const [table, names] of SINGLE_BYTE) {
      for (const name of names.split(/\s+/).filter((n) => n && !unreadable.has(n))) {
        // the characters that can stand in a <serial> as they are: everything but markup and non-XML characters
        const bytes = [...Array(256).keys()].filter((b) => (b >= 0x20 || table.charCodeAt(b) !== b) && table[b] !== INVALID_BYTE && isXmlChar(table.codePointAt(b)!) && !'<&'.includes(table[b]) && !(b < 0x80 && '<&'.includes(String.fromCharCode(b))));
        const ok = join(dir, `${name}.xml`);
        writeFileSync(ok, domain(Buffer.from(bytes), name));
        want.set(ok, bytes.map((b) => table[b]).join(''));
        for (let b = 0; b < 256; b++) {
          if (table[b] !== INVALID_BYTE) continue;
          const bad = join(dir, `${name}-${b}.xml`);
          writeFileSync(bad, domain(Buffer.from([b]), name));
          want.set(bad, 'Invalid bytes in character encoding');
        }
      }
    }
    // the others: every ASCII byte said to read as itself, in one <serial>
    for (const [other, names] of Object.entries(ASCII_OR_NOTHING)) {
      const bytes = [...Array(128).keys()].filter((b) => b >= 0x20 && b !== 0x7f && !'<&'.includes(String.fromCharCode(b)) && !other.includes(String.fromCharCode(b)));
      for (const name of names.split(/\s+/).filter((n) => n && !unreadable.has(n))) {
        const ok = join(dir, `${name}.xml`);
        writeFileSync(ok, domain(Buffer.from(bytes), name));
        want.set(ok, Buffer.from(bytes).toString('latin1'));
      }
    }
    const input = [...want.keys()].map((dst) => `${src}\t${dst}\n`).join('');
    const out = execFileSync(runOracle, ['12.8', '--batch'], { input, encoding: 'utf8', maxBuffer: 1 << 30 });
    let failures = 0, checked = 0;
    for (const line of out.trim().split('\n')) {
      const r = JSON.parse(line) as { dst: string; error: string | null; parse_error: string | null };
      const expected = want.get(r.dst)!;
      const got = r.parse_error ? /: (Invalid bytes in character encoding)\n/.exec(r.parse_error)?.[1] ?? r.parse_error : MISMATCH.exec(r.error ?? '')?.[1] ?? r.error;
      checked++;
      if (got !== expected) {
        failures++;
        if (failures <= 20) process.stdout.write(`${r.dst.slice(dir.length + 1)}: want ${JSON.stringify(expected)}, libvirt ${JSON.stringify(got)}\n`);
      }
    }
    process.stdout.write(`${checked} of ${want.size} files checked with libvirt 12.8.0, ${failures} differ\n`);
    return failures === 0 && checked === want.size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
