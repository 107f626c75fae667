// Owned by the cpu family.
export interface CpuDef {
  [key: string]: unknown;
}
