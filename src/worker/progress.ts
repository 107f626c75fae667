/** The shared progress word of a batch task (see BatchTask.progress): this value once every pair is done. */
export const PROGRESS_DONE = -1;
