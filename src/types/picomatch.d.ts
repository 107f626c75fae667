// picomatch ships no types (it comes with globby); only what discover.ts uses.
declare module 'picomatch' {
  interface PicomatchOptions { dot?: boolean }
  function picomatch(glob: string | string[], options?: PicomatchOptions): (path: string) => boolean;
  export default picomatch;
}
