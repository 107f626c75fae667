/**
 * piscina task `identify`: the key a domain file is matched by (--match uuid|name), read in
 * the worker so that the main thread never holds XML text. The key is the top-level
 * `<uuid>` (in libvirt's canonical spelling: any case, with or without dashes) or `<name>`.
 */
import { decodeInput, isProblem, readInput } from './read-input.js';
import pLimit from 'p-limit';
import { DomainParseError } from '../parse/errors.js';
import { firstChild, xstr } from '../parse/general-util.js';
import { parseUuid } from '../parse/values.js';
import { parseXmlDocument } from '../parse/xml-tree.js';

export type MatchKey = 'uuid' | 'name';

export interface IdentifyTask { by: MatchKey; files: string[] }

/** The key, or why the file has none that can be matched. */
export type Identity = { key: string } | { error: string };

const READS_IN_FLIGHT = 8;

export function keyOf(xml: string, by: MatchKey): Identity {
  let root;
  try {
    root = parseXmlDocument(xml);
  } catch (err) {
    if (err instanceof DomainParseError) return { error: err.message };
    throw err;
  }
  if (root.name !== 'domain') return { error: `the root element is <${root.name}>, not <domain>` };
  // libvirt reads string(./uuid[1]) and string(./name[1]): empty counts as absent
  const raw = xstr(firstChild(root, by));
  if (raw === undefined) return { error: by === 'uuid' ? 'no <uuid> element (libvirt would make up a random one)' : 'no <name> element' };
  if (by === 'name') return raw.includes('/') ? { error: `name '${raw}' contains '/', which libvirt refuses` } : { key: raw };
  const uuid = parseUuid(raw);
  return uuid === undefined ? { error: `malformed uuid '${raw}'` } : { key: uuid };
}

async function identifyFile(file: string, by: MatchKey): Promise<Identity> {
  // as the check reads it: a FIFO or /proc/kmsg behind a link is an error, not a wait for ever
  const bytes = readInput(file, Number.MAX_SAFE_INTEGER);
  const xml = isProblem(bytes) ? bytes : decodeInput(file, bytes);
  return typeof xml === 'string' ? keyOf(xml, by) : { error: xml.message.startsWith(`${file}: `) ? xml.message.slice(file.length + 2) : xml.message };
}

export async function identify(task: IdentifyTask): Promise<Identity[]> {
  const limit = pLimit(READS_IN_FLIGHT);
  return Promise.all(task.files.map((f) => limit(() => identifyFile(f, task.by))));
}
