// Shared memory rules (virDomainShmemDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same shmem", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem name='shm'></shmem>"),
  expect: null });
cases.push({ name: "role differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='a' role='master'><model type='ivshmem-plain'/></shmem>",
    "<shmem name='a' role='peer'><model type='ivshmem-plain'/></shmem>"),
  expect: "unsupported configuration: Target shared memory role 'peer' does not match source role 'master'", rule: "shmem/role" });
cases.push({ name: "role ignored for ivshmem", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='a'></shmem>",
    "<shmem name='a' role='bogus'></shmem>"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem name='shm'><model type='ivshmem-plain'/></shmem>"),
  expect: "unsupported configuration: Target shared memory model 'ivshmem-plain' does not match source model 'ivshmem'", rule: "shmem/model" });
cases.push({ name: "size differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'><size unit='M'>4</size></shmem>",
    "<shmem name='shm'><size unit='M'>8</size></shmem>"),
  expect: "unsupported configuration: Target shared memory size '8388608' does not match source size '4194304'", rule: "shmem/size" });
cases.push({ name: "size in other units", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'><size unit='M'>4</size></shmem>",
    "<shmem name='shm'><size>4194304</size></shmem>"),
  expect: null });
cases.push({ name: "server added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'><model type='ivshmem-doorbell'/></shmem>",
    "<shmem name='shm'><model type='ivshmem-doorbell'/><server path='/tmp/s'/></shmem>"),
  expect: "unsupported configuration: Target shared memory server usage doesn't match source", rule: "shmem/server" });
cases.push({ name: "msi vectors differ", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'><server/><msi vectors='4'/></shmem>",
    "<shmem name='shm'><server/><msi vectors='8'/></shmem>"),
  expect: "unsupported configuration: Target shared memory MSI configuration doesn't match source", rule: "shmem/msi" });
cases.push({ name: "msi ioeventfd added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'><server/><msi vectors='4'/></shmem>",
    "<shmem name='shm'><server/><msi vectors='4' ioeventfd='on'/></shmem>"),
  expect: "unsupported configuration: Target shared memory MSI configuration doesn't match source", rule: "shmem/msi" });
cases.push({ name: "count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    ""),
  expect: "unsupported configuration: Target domain shared memory device count 0 does not match source 1", rule: "shmem/count" });
cases.push({ name: "missing name", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem ></shmem>"),
  expect: { error: "XML error: shmem element must contain 'name' attribute" } });
cases.push({ name: "role default rejected", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='a'><model type='ivshmem-plain'/></shmem>",
    "<shmem name='a' role='default'><model type='ivshmem-plain'/></shmem>"),
  expect: { error: "XML error: Invalid value for attribute 'role' in element 'shmem': 'default'." } });
cases.push({ name: "msi without server", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem name='shm'><msi vectors='4'/></shmem>"),
  expect: { error: "XML error: msi option is only supported with a server" } });
cases.push({ name: "bad size", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem name='shm'><size>x</size></shmem>"),
  expect: { error: "XML error: Invalid value 'x' for element or attribute './size[1]'" } });
cases.push({ name: "name with slash", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem name='a/b'></shmem>"),
  expect: { error: "unsupported configuration: shmem name cannot include '/' character" } });
cases.push({ name: "name ..", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<shmem name='shm'></shmem>",
    "<shmem name='..'></shmem>"),
  expect: { error: "unsupported configuration: shmem name cannot be equal to '..'" } });

ruleTable("shmem", cases);
