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
  err.element ??= el;
  return err;
}

/**
 * `err` (anything thrown) marked as raised about `el` when it is a DomainParseError no inner check
 * marked: `catch (err) { throw rejectedAt(deviceEl, err); }` gives a device's errors its line.
 */
export function rejectedAt(el: XmlElement | undefined, err: unknown): unknown {
  if (el && err instanceof DomainParseError) err.element ??= el;
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

// model object -> the element it was parsed from: checks after parsing see only the model
const parsedFrom = new WeakMap<object, XmlElement>();

/** Links `obj` (a device's DeviceInfo) to the element it was parsed from, for errors raised after parsing. */
export function linkElement<T extends object>(obj: T, el: XmlElement): T {
  parsedFrom.set(obj, el);
  return obj;
}

/** The element `obj` was parsed from (undefined for what libvirt adds itself: implicit devices, defaults). */
export const linkedElement = (obj: object | undefined): XmlElement | undefined => (obj === undefined ? undefined : parsedFrom.get(obj));

/** rejectedAt the element a device was parsed from (linked through its DeviceInfo, or itself when it has none). */
export const rejectedAtDevice = (dev: { info?: object } | object | undefined, err: unknown): unknown =>
  rejectedAt((dev && 'info' in dev ? linkedElement(dev.info as object) : undefined) ?? linkedElement(dev), err);

/** check(dev, i) for each device, in order; an error it raises is about the device's element (rejectedAtDevice). */
export function checkEach<T extends object>(devices: readonly T[], check: (dev: T, i: number) => void): void {
  for (let i = 0; i < devices.length; i++) {
    try {
      check(devices[i], i);
    } catch (err) {
      throw rejectedAtDevice(devices[i], err);
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
