// Owned by the general family (virt type, uuid, genid, name, memory, NUMA, vCPUs, OS, clock, sysinfo).
export interface GeneralDef {
  virtType: string;
  uuid: string;
  name: string;
}
