/** File names as CI tools want them: relative to the workspace when the file lies inside it. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { wellFormed } from './text-escape.js';

/** GitHub resolves annotation and SARIF paths against the checkout; elsewhere the cwd. */
export function workspaceRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.GITHUB_WORKSPACE || process.cwd());
}

/** `a/b.xml` (forward slashes) when `file` is inside `root`, else undefined. */
export function insideRoot(root: string, file: string): string | undefined {
  const rel = relative(root, resolve(file));
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

export function displayPath(root: string, file: string): string {
  return insideRoot(root, file) ?? resolve(file);
}

/** SARIF artifactLocation: relative to %SRCROOT% when possible, else an absolute file URI. */
export function artifactLocation(root: string, file: string): { uri: string; uriBaseId?: string } {
  const rel = insideRoot(root, file);
  // encodeURIComponent throws on a lone surrogate: encode the name the file system saw
  if (rel !== undefined) return { uri: wellFormed(rel).split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(resolve(file)).href };
}

export function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : href + '/';
}
