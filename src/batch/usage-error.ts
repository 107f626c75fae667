/** A mistake in what the user asked for (arguments, options, a manifest's header): exit 2, no stack trace. */
export class UsageError extends Error {}

/** A file system error's message without the path Node appends (the caller names the path already). */
export const reason = (err: unknown): string => (err as Error).message.replace(/, \w+ '.*'$/s, '');
