// TPM rules (virDomainTPMDefCheckABIStability) and parsing.
// Expectations come from libvirt itself (the abi-oracle for 9.0.0, 11.3.0 and 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

type Opts = Parameters<typeof domainXml>[0];
const pair = (src: string, dst: string, opts: Opts = {}) =>
  ({ src: domainXml({ ...opts, devices: src }), dst: domainXml({ ...opts, devices: dst }) });

const cases: RuleCase[] = [];
cases.push({ name: "same tpm", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>"),
  expect: null });
cases.push({ name: "model differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>"),
  expect: "unsupported configuration: Target TPM device model doesn't match source", rule: "tpm/model" });
cases.push({ name: "model absent vs tpm-tis", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>"),
  expect: "unsupported configuration: Target TPM device model doesn't match source", rule: "tpm/model" });
cases.push({ name: "backend type differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='passthrough'><device path='/dev/tpm0'/></backend></tpm>"),
  expect: "unsupported configuration: Target TPM device type doesn't match source", rule: "tpm/type" });
cases.push({ name: "version differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='1.2'/></tpm>"),
  expect: "unsupported configuration: Target TPM version doesn't match source", rule: "tpm/version" });
cases.push({ name: "version absent", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator'/></tpm>"),
  expect: "unsupported configuration: Target TPM version doesn't match source", rule: "tpm/version" });
cases.push({ name: "PCR banks differ", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><sha256/></active_pcr_banks></backend></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><sha256/><sha384/></active_pcr_banks></backend></tpm>"),
  expect: "unsupported configuration: Target active PCR banks doesn't match source", rule: "tpm/active-pcr-banks" });
cases.push({ name: "PCR banks added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><sha256/></active_pcr_banks></backend></tpm>"),
  expect: "unsupported configuration: Target active PCR banks doesn't match source", rule: "tpm/active-pcr-banks" });
cases.push({ name: "empty PCR banks element", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks/></backend></tpm>"),
  expect: null });
cases.push({ name: "PCR bank order does not matter", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><sha384/><sha256/></active_pcr_banks></backend></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><sha256/><sha384/><sha256/></active_pcr_banks></backend></tpm>"),
  expect: null });
cases.push({ name: "count differs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm><tpm model='spapr-tpm-proxy'><backend type='passthrough'/></tpm>"),
  expect: "unsupported configuration: Target domain TPM device count 2 does not match source 1", rule: "tpm/count" });
cases.push({ name: "address added", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/><address type='spapr-vio' reg='0x4000'/></tpm>"),
  expect: "unsupported configuration: Target device address type spapr-vio does not match source none", rule: "deviceinfo/address-type" });
cases.push({ name: "model default rejected", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='default'><backend type='emulator' version='2.0'/></tpm>"),
  expect: { error: "XML error: Invalid value for attribute 'model' in element 'tpm': 'default'." } });
cases.push({ name: "no backend", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'></tpm>"),
  expect: { error: "XML error: missing TPM device backend" } });
cases.push({ name: "two backends", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator'/><backend type='emulator'/></tpm>"),
  expect: { error: "XML error: only one TPM backend is supported" } });
cases.push({ name: "three TPMs", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm><tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm><tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>"),
  expect: { error: "XML error: a maximum of two TPM devices is supported, one of them being a TPM Proxy device" } });
cases.push({ name: "unknown PCR bank", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'><active_pcr_banks><md5/></active_pcr_banks></backend></tpm>"),
  expect: { error: "unsupported configuration: Unsupported PCR banks 'md5'" } });
cases.push({ name: "PCR banks need version 2.0", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='1.2'><active_pcr_banks><sha1/></active_pcr_banks></backend></tpm>"),
  expect: { error: "XML error: <active_pcr_banks/> requires TPM version '2.0'" } });
cases.push({ name: "bad secret uuid", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0'><encryption secret='xyz'/></backend></tpm>"),
  expect: { error: "internal error: Unable to parse secret uuid 'xyz'" } });
cases.push({ name: "bad persistent_state", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='emulator' version='2.0' persistent_state='maybe'/></tpm>"),
  expect: { error: "internal error: Invalid persistent_state value, either 'yes' or 'no'" } });
cases.push({ name: "external without source type", profiles: ["9.0.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='external'/></tpm>"),
  expect: { error: "XML error: missing external TPM backend type" } });
cases.push({ name: "external without source type", profiles: ["11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='external'/></tpm>"),
  expect: { error: "XML error: missing external TPM backend source type" } });
cases.push({ name: "external tcp source", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='external'><source type='tcp' host='a' service='1'/></backend></tpm>"),
  expect: { error: "XML error: only source type 'unix' is supported for external TPM device" } });
cases.push({ name: "external bind mode", profiles: ["9.0.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='external'><source type='unix' mode='bind' path='/a'/></backend></tpm>"),
  expect: { error: "XML error: only 'client' mode is supported for external TPM device" } });
cases.push({ name: "external bind mode", profiles: ["11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='external'><source type='unix' mode='bind' path='/a'/></backend></tpm>"),
  expect: { error: "XML error: only 'connect' mode is supported for external TPM device" } });
cases.push({ name: "external without path", profiles: ["9.0.0", "11.3.0", "12.8.0"],
  ...pair("<tpm model='tpm-tis'><backend type='emulator' version='2.0'/></tpm>",
    "<tpm model='tpm-tis'><backend type='external'><source type='unix' mode='connect'/></backend></tpm>"),
  expect: { error: "XML error: missing socket path for external TPM device" } });

ruleTable("tpm", cases);
