/**
 * Every rule id in the registry's order, read from rule-ids.json (written by `npm run
 * docs:rules`; test/rule-docs.test.ts fails while it is stale). Option parsing validates
 * --rule-off with it: importing the registry, and with it every rule module, delayed the start
 * of the worker pool by ~40 ms.
 */
import { readFileSync } from 'node:fs';

export const RULE_IDS_URL = new URL('./rule-ids.json', import.meta.url);

export const RULE_IDS: readonly string[] = JSON.parse(readFileSync(RULE_IDS_URL, 'utf8')) as string[];
