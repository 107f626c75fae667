import type { DeviceInfo } from '../model/device.js';
import type { XmlElement } from './xml-tree.js';

/**
 * A file that libvirt's parser or validator would reject. The message carries libvirt's
 * error-class prefix (`XML error: `, `internal error: `, `unsupported configuration: `), as
 * virsh would print it.
 */
export class DomainParseError extends Error {
  /** The element rejected, when the check that raised this knew it (its line goes into the report). */
  element?: XmlElement;
  /** That element's path in the document (`/domain/devices/disk[2]/target`), once parseDomainDocument found it. */
  path?: string;
  constructor(message: string) {
    super(message);
    this.name = 'DomainParseError';
  }
}

/** The error, marked as raised about `el`. */
export function atElement<E extends DomainParseError>(el: XmlElement, err: E): E {
  return rejectedAt(el, err) as E;
}

/**
 * `err` (anything thrown) marked as raised about `el` when it is a DomainParseError no inner check
 * marked: `catch (err) { throw rejectedAt(deviceEl, err); }` gives a device's errors its line.
 */
export function rejectedAt(el: XmlElement | undefined, err: unknown): unknown {
  if (el && err instanceof DomainParseError && err.path === undefined) err.element ??= el;
  return err;
}

/** parse(el, ctx) of each element, in order; an error it raises is about that element (rejectedAt). */
export function parseEach<T, C>(els: readonly XmlElement[], ctx: C, parse: (el: XmlElement, ctx: C) => T): T[] {
  const out: T[] = [];
  for (const el of els) {
    try {
      out.push(parse(el, ctx));
    } catch (err) {
      throw rejectedAt(el, err);
    }
  }
  return out;
}

/** parse(), its errors about `section` (`<os>`, `<cpu>`, ...; rejectedAt) unless an inner check named another element. */
export function within<T>(section: XmlElement | undefined, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw rejectedAt(section, err);
  }
}

/**
 * The path of the element a device was parsed from (`/domain/devices/disk[2]`), from its
 * DeviceInfo; undefined for a device libvirt adds itself. A path, not a link to the element:
 * a WeakMap entry per device made the parse ~half again slower (its ephemerons cost every GC).
 */
export const devicePath = (info: DeviceInfo | undefined): string | undefined =>
  (info?.xmlTag !== undefined && info.xmlIndex !== undefined ? `/domain/devices/${info.xmlTag}[${info.xmlIndex}]` : undefined);

/** `err` marked as raised about the element at `path` (as rejectedAt does with an element). */
export function rejectedAtPath(path: string | undefined, err: unknown): unknown {
  if (path !== undefined && err instanceof DomainParseError && err.element === undefined) err.path ??= path;
  return err;
}

/** rejectedAtPath of the element a device (or its DeviceInfo) was parsed from. */
export const rejectedAtDevice = (dev: object | undefined, err: unknown): unknown =>
  rejectedAtPath(devicePath(dev === undefined || 'address' in dev ? dev as DeviceInfo | undefined : (dev as { info?: DeviceInfo }).info), err);

/**
 * check(dev, i) for each device, in order; an error it raises is about the device's element
 * (rejectedAtDevice), or with `tag`, for devices without a DeviceInfo, the i-th `<tag>`.
 */
export function checkEach<T extends object>(devices: readonly T[], check: (dev: T, i: number) => void, tag?: string): void {
  for (let i = 0; i < devices.length; i++) {
    try {
      check(devices[i], i);
    } catch (err) {
      throw tag === undefined ? rejectedAtDevice(devices[i], err) : rejectedAtPath(`/domain/devices/${tag}[${i + 1}]`, err);
    }
  }
}

export const xmlError = (msg: string) => new DomainParseError(`XML error: ${msg}`);
export const internalError = (msg: string) => new DomainParseError(`internal error: ${msg}`);
export const unsupportedConfig = (msg: string) => new DomainParseError(`unsupported configuration: ${msg}`);
/** Errors raised with codes whose template is the bare message (VIR_ERR_NO_SOURCE, VIR_ERR_NO_TARGET, ...). */
export const bareError = (msg: string) => new DomainParseError(msg);

/**
 * Where abi-diff stops expanding a count, index or size a definition declares into one record
 * each (vCPUs, IOThreads, implicit controllers). libvirt's generic parser has no such bound: it
 * allocates them all and aborts (GLib's "failed to allocate") once the memory runs out, at
 * `<vcpu>4294967295</vcpu>` at once. abi-diff would die the same way, and an array of more
 * than ~10^8 elements is a V8 fatal error that takes the whole process, not just the worker.
 * 2^18 is far above any real guest (KVM allows 4096 vCPUs) and costs abi-diff tens of MB.
 */
export const MAX_DECLARED_ITEMS = 2 ** 18;

/** The error of a definition over MAX_DECLARED_ITEMS: `declared` would make libvirt `consequence`. */
export const notChecked = (declared: string, consequence: string) =>
  bareError(`abi-diff does not check this definition: ${declared} would make libvirt ${consequence} (abi-diff stops at ${MAX_DECLARED_ITEMS})`);
