/**
 * The host QEMU's capabilities, read from libvirt's capabilities cache format
 * (`/var/cache/libvirt/qemu/capabilities/*.xml`, `<qemuCaps>`). The QEMU driver's defaults and
 * validation depend on them. abi-diff ships the caches of the QEMU that labelled its reference
 * sets (QEMU 11.1 under libvirt 12.8.0, KVM declared, see src/qemu/caps/README.md).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DomainParseError } from '../parse/errors.js';
import { attr, childrenNamed, parseXmlDocument, textOf, child } from '../parse/xml-tree.js';

export interface MachineCaps {
  name: string;
  alias: string | undefined;
  maxCpus: number;
  hotplugCpus: boolean;
  isDefault: boolean;
  defaultCpu: string | undefined;
  deprecated: boolean;
  acpi: boolean | undefined;
}

/** What one accelerator (kvm or tcg) offers. */
export interface AccelCaps {
  machines: Map<string, MachineCaps>;
  /** alias (`pc`, `q35`) -> canonical machine name */
  aliases: Map<string, string>;
  defaultMachine: string | undefined;
  /** CPU model name -> usable on this host */
  cpuModels: Map<string, boolean>;
}

export interface QemuCaps {
  /** Where the caps came from (a file path, or `built-in`), for messages. */
  source: string;
  emulator: string;
  arch: string;
  flags: ReadonlySet<string>;
  kvm: AccelCaps | undefined;
  tcg: AccelCaps | undefined;
}

export class QemuCapsError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'QemuCapsError';
  }
}

function accel(root: ReturnType<typeof parseXmlDocument>, type: string): AccelCaps | undefined {
  const machines = new Map<string, MachineCaps>();
  const aliases = new Map<string, string>();
  let defaultMachine: string | undefined;
  for (const m of childrenNamed(root, 'machine')) {
    if (attr(m, 'type') !== type) continue;
    const name = attr(m, 'name');
    if (!name) continue;
    const mc: MachineCaps = {
      name, alias: attr(m, 'alias'), maxCpus: Number(attr(m, 'maxCpus') ?? 0), hotplugCpus: attr(m, 'hotplugCpus') === 'yes',
      isDefault: attr(m, 'default') === 'yes', defaultCpu: attr(m, 'defaultCPU'), deprecated: attr(m, 'deprecated') === 'yes',
      acpi: attr(m, 'acpi') === undefined ? undefined : attr(m, 'acpi') === 'yes',
    };
    machines.set(name, mc);
    if (mc.alias) aliases.set(mc.alias, name);
    if (mc.isDefault) defaultMachine = name;
  }
  const cpuModels = new Map<string, boolean>();
  for (const c of childrenNamed(root, 'cpu')) {
    if (attr(c, 'type') !== type) continue;
    const name = attr(c, 'name');
    if (name) cpuModels.set(name, attr(c, 'usable') !== 'no');
  }
  return machines.size ? { machines, aliases, defaultMachine, cpuModels } : undefined;
}

/** Parses one capabilities cache file's text; `file` names it in errors. */
export function parseQemuCaps(xml: string, file: string): QemuCaps {
  let root;
  try {
    root = parseXmlDocument(xml);
  } catch (err) {
    throw new QemuCapsError(file, `not a QEMU capabilities cache file: ${err instanceof DomainParseError ? err.message : String(err)}`);
  }
  if (root.name !== 'qemuCaps') throw new QemuCapsError(file, `not a QEMU capabilities cache file: root element is <${root.name}>, not <qemuCaps>`);
  const arch = textOf(child(root, 'arch'))?.trim();
  if (!arch) throw new QemuCapsError(file, 'not a QEMU capabilities cache file: no <arch>');
  const flags = new Set<string>();
  for (const f of childrenNamed(root, 'flag')) {
    const name = attr(f, 'name');
    if (name) flags.add(name);
  }
  const kvm = flags.has('kvm') ? accel(root, 'kvm') : undefined;
  const tcg = accel(root, 'tcg');
  if (!kvm && !tcg) throw new QemuCapsError(file, 'not a QEMU capabilities cache file: it lists no machine types');
  return { source: file, emulator: textOf(child(root, 'emulator'))?.trim() ?? '', arch, flags, kvm, tcg };
}

/** Reads a host's capabilities cache file; a file that cannot be read or is not one is a QemuCapsError. */
export function readQemuCaps(file: string): QemuCaps {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new QemuCapsError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseQemuCaps(text, file);
}

// i686 guests too: the reference host runs every x86 guest with qemu-system-x86_64
const BUILT_IN: Record<string, string> = { x86_64: 'qemu-system-x86_64.xml', i686: 'qemu-system-x86_64.xml' };
const builtIn = new Map<string, QemuCaps>();

/**
 * A host's QEMU binaries as the QEMU driver finds them: the one an `<emulator>` names, or the
 * default one for a guest's architecture (virQEMUCapsGetDefaultEmulator).
 */
export interface QemuBinaries {
  /**
   * The binary an `<emulator>` names. abi-diff knows one binary per host (the oracle rewrites
   * every `<emulator>` to qemu-system-x86_64), so any path is that one.
   */
  named(): QemuCaps;
  /** The binary for a guest of `arch` without `<emulator>`; undefined when the host has none. */
  forArch(arch: string): QemuCaps | undefined;
}

/** The reference host: qemu-system-x86_64 (for x86_64 and i686 guests), no other architecture. */
export const BUILT_IN_BINARIES: QemuBinaries = {
  named: () => builtInQemuCaps('x86_64')!,
  forArch: (arch) => builtInQemuCaps(arch),
};

/** A host described by one capabilities cache file: that binary, and the guests of its architecture. */
export function binariesOf(caps: QemuCaps): QemuBinaries {
  return {
    named: () => caps,
    forArch: (arch) => (archSupported(caps, arch) ? caps : undefined),
  };
}

/** virQEMUCapsIsArchSupported: the binary's own architecture, or the 32-bit one it also runs. */
export function archSupported(caps: QemuCaps, arch: string): boolean {
  return arch === caps.arch || (caps.arch === 'x86_64' && arch === 'i686') || (caps.arch === 'aarch64' && arch === 'armv7l') ||
    (caps.arch === 'armv7l' && arch === 'armv6l') || (caps.arch === 'ppc64' && arch === 'ppc64le');
}

/** The shipped capabilities of the reference host for an architecture, parsed once per thread. */
export function builtInQemuCaps(arch: string): QemuCaps | undefined {
  const file = BUILT_IN[arch];
  if (!file) return undefined;
  let caps = builtIn.get(file);
  if (!caps) {
    // from src/qemu/ and from the bundled dist/worker/ alike
    const path = fileURLToPath(new URL(`../qemu/caps/${file}`, import.meta.url));
    caps = parseQemuCaps(readFileSync(path, 'utf8'), `built-in ${file}`);
    builtIn.set(file, caps);
  }
  return caps;
}
