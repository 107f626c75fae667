/**
 * Hostile domain files: what a fleet directory may hold besides domain XML. Each case's dst is
 * the hostile file, its src the example guest it was made from. Verdicts were taken from
 * libvirt 9.0.0 (abi-oracle) on the same bytes.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EXAMPLE } from './reports.js';

export const GUEST = join(EXAMPLE, 'src', 'q35', 'unchanged.xml');
const guest = () => readFileSync(GUEST, 'utf8');

/** Deterministic bytes that are neither text nor UTF-8. */
function binary(n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = 12345;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; b[i] = x >>> 24; }
  return b;
}

const laughs = () => {
  let decls = '<!ENTITY a "aaaaaaaaaa">';
  for (let i = 1; i < 10; i++) decls += `<!ENTITY e${i} "${`&${i === 1 ? 'a' : `e${i - 1}`};`.repeat(10)}">`;
  return `<!DOCTYPE domain [${decls}]>\n${guest().replace('<title>Web frontend (nginx)</title>', '<title>&e9;</title>')}`;
};

/** The guest with `vcpu` in place of its `<vcpu>` line. */
const withVcpu = (vcpu: string) => guest().replace("<vcpu placement='static'>4</vcpu>", vcpu);
/** 10,000 NUMA cells, each with a distance toward cell 0 (libvirt: n^2 distances, 8 s, 2.7 GB). */
const numaCells = () => guest().replace('  </cpu>', `    <numa>${Array.from({ length: 10_000 }, (_, i) =>
  `<cell id='${i}' memory='1'><distances><sibling id='0' value='${i ? 20 : 10}'/></distances></cell>`).join('')}</numa>\n  </cpu>`);
const NOT_CHECKED = /^abi-diff does not check this definition: /;

export interface HostileCase {
  name: string;
  dst: () => string | Buffer;
  /** libvirt's verdict, and what the error must say. */
  status: 'compatible' | 'incompatible' | 'error';
  message?: RegExp;
  line?: number;
}

export const HOSTILE: HostileCase[] = [
  { name: 'empty.xml', dst: () => '', status: 'error', message: /Document is empty/, line: 1 },
  { name: 'not-xml.xml', dst: () => 'this is not xml\n', status: 'error', message: /Start tag expected/, line: 1 },
  { name: 'truncated.xml', dst: () => guest().slice(0, 200), status: 'error', message: /Couldn't find end of Start Tag currentMemory/, line: 6 },
  { name: 'binary.xml', dst: () => binary(4096), status: 'error', message: /binary data: a NUL byte at line 4, column \d+/, line: 4 },
  { name: 'bom.xml', dst: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(guest())]), status: 'compatible' },
  { name: 'bom-twice.xml', dst: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from(guest())]), status: 'error', message: /Start tag expected, '<' not found/, line: 1 },
  { name: 'utf16le.xml', dst: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(guest(), 'utf16le')]), status: 'error', message: /UTF-16 is not supported, libvirt reads domain XML as UTF-8/, line: 1 },
  { name: 'utf16be.xml', dst: () => Buffer.from(guest(), 'utf16le').swap16(), status: 'error', message: /UTF-16 is not supported/, line: 1 },
  { name: 'latin1.xml', dst: () => Buffer.from(guest().replace('Web frontend', 'Web fr\u00e9ntend'), 'latin1'), status: 'error', message: /not UTF-8 at line 4, column 16 \(bytes 0xE9 0x6E 0x74 0x65\)/, line: 4 },
  { name: 'root-other.xml', dst: () => guest().replace('<domain ', '<domainx ').replace('</domain>', '</domainx>'), status: 'error', message: /^XML error: expecting root element of 'domain', not 'domainx'$/ },
  { name: 'unknown-elements.xml', dst: () => guest().replace('<devices>', '<devices><frobnicate foo="1"><deeper/></frobnicate>').replace('<name>', '<bogus>x</bogus><name>'), status: 'compatible' },
  { name: 'deep.xml', dst: () => guest().replace('<devices>', `<devices>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}`), status: 'error', message: /Excessive depth in document/, line: 30 },
  { name: 'entity-name.xml', dst: () => `<!DOCTYPE domain [<!ENTITY x "web-frontend-01">]>\n${guest().replace('<name>web-frontend-01<', '<name>&x;<')}`, status: 'compatible' },
  { name: 'entity-renamed.xml', dst: () => `<!DOCTYPE domain [<!ENTITY x "vmname">]>\n${guest().replace('<name>web-frontend-01<', '<name>&x;<')}`, status: 'incompatible', message: /Target domain name 'vmname' does not match source 'web-frontend-01'/ },
  { name: 'xxe.xml', dst: () => `<!DOCTYPE domain [<!ENTITY x SYSTEM "file:///etc/hostname">]>\n${guest().replace('<name>web-frontend-01<', '<name>&x;<')}`, status: 'error', message: /^missing name information$/ },
  { name: 'billion-laughs.xml', dst: laughs, status: 'error', message: /Detected an entity reference loop/, line: 5 },
  // declared counts: libvirt allocates what they declare and aborts (GLib "failed to allocate
  // 34359738360 bytes") at these; abi-diff ended the whole run with a V8 fatal error at the first
  { name: 'iothreads-huge.xml', dst: () => withVcpu("<vcpu placement='static'>4</vcpu><iothreads>4294967295</iothreads>"), status: 'error', message: NOT_CHECKED },
  // at the line of the <vcpu> over the bound (the guest's line 7)
  { name: 'vcpus-huge.xml', dst: () => withVcpu("<vcpu placement='static'>4294967295</vcpu>"), status: 'error', message: NOT_CHECKED, line: 7 },
  // at abi-diff's bound libvirt's verdict still holds
  { name: 'iothreads-many.xml', dst: () => withVcpu("<vcpu placement='static'>4</vcpu><iothreads>262144</iothreads>"), status: 'compatible' },
  { name: 'vcpus-many.xml', dst: () => withVcpu("<vcpu placement='static'>262144</vcpu>"), status: 'incompatible', message: /^unsupported configuration: Target domain vCPU max 262144 does not match source 4$/ },
  // libvirt sets every bit of every range in turn: 1.6 * 10^9 here (abi-diff took 3 minutes)
  { name: 'bitmap-ranges.xml', dst: () => withVcpu(`<vcpu placement='static' cpuset='${'0-16383,'.repeat(100_000)}0'>4</vcpu>`), status: 'compatible' },
  { name: 'numa-cells.xml', dst: numaCells, status: 'incompatible', message: /^unsupported configuration: Target NUMA node count '10000' doesn't match source '0'$/ },
];

/** Over the size limit the hostile runs use (`--max-file-size 1M`). */
export const HOSTILE_MAX_SIZE = ['--max-file-size', '1M'];
export const TOO_BIG: HostileCase = { name: 'too-big.xml', dst: () => guest().replace('</domain>', `<!-- ${'x'.repeat(1_100_000)} -->\n</domain>`), status: 'error', message: /file is \d+ bytes, over the size limit of 1048576 bytes \(--max-file-size\)/ };

/** src/ and dst/ with every hostile case, a broken src, and a few ordinary pairs with findings. */
export async function hostileCorpus(root: string): Promise<{ src: string; dst: string }> {
  const src = join(root, 'src'), dst = join(root, 'dst');
  await mkdir(join(src, 'plain'), { recursive: true });
  await mkdir(join(dst, 'plain'), { recursive: true });
  for (const c of [...HOSTILE, TOO_BIG]) {
    await writeFile(join(src, c.name), guest());
    await writeFile(join(dst, c.name), c.dst());
  }
  await writeFile(join(src, 'src-broken.xml'), '<domain type="kvm"><name>x</name>');
  await writeFile(join(dst, 'src-broken.xml'), guest());
  for (const f of ['cdrom-sata-to-ide.xml', 'graphics-vnc-to-spice.xml', 'vcpus-added.xml', 'unchanged.xml']) {
    await writeFile(join(src, 'plain', f), readFileSync(join(EXAMPLE, 'src', 'q35', f)));
    await writeFile(join(dst, 'plain', f), readFileSync(join(EXAMPLE, 'dst', 'q35', f)));
  }
  await writeFile(join(src, 'src-only.xml'), guest());
  return { src, dst };
}
