/** `<tpm>` devices: virDomainTPMDefParseXML and virDomainTPMDevValidate. */
import {
  TPM_BACKENDS, TPM_MODELS, TPM_PCR_BANKS, TPM_PROFILE_REMOVE_DISABLED, TPM_SOURCE_TYPES, TPM_VERSIONS, type TpmDef,
} from '../model/platform-devices.js';
import { CHR, chrTypeFromString, newChrSource, parseChrSource } from './chardev.js';
import type { ParseContext } from './context.js';
import { parseDeviceInfo } from './device-info.js';
import { atElement, internalError, parseEach, unsupportedConfig, xmlError } from './errors.js';
import { xattr } from './general-util.js';
import { NONZERO, parseUuid, propEnum, propUInt, REQUIRED } from './values.js';
import { child, childrenNamed, type XmlElement } from './xml-tree.js';

/** `<active_pcr_banks>`: formatdomain.rst says since 7.10.0 (not measured); older releases ignore it. */
export const PCR_BANKS_SINCE = '7.10.0';

/**
 * Emulator `debug` (formatdomain.rst "10.6.0"), state `<source>` (formatdomain.rst "Since v10.10.0")
 * and `<profile>` (NEWS 10.10.0): each absent from Debian's 10.4.0 and 10.7.0 sources where later.
 * The external backend's reworded messages ('source type', 'connect' mode) are in Debian's 9.8.0
 * source and not in 9.0.0 (measured): the release in 9.1.0..9.8.0 is not pinned, 9.8.0 stands for it.
 */
export const TPM_SINCE = { externalWording: '9.8.0', debug: '10.6.0', stateSource: '10.10.0', profile: '10.10.0' } as const;

export const TPM_TYPE = { passthrough: 0, emulator: 1, external: 2 } as const;
const VERSION_2_0 = 2;

export function parseTpm(el: XmlElement, ctx: ParseContext): TpmDef {
  const def: TpmDef = {
    model: propEnum(el, 'model', TPM_MODELS, NONZERO),
    type: 0, version: 0, activePcrBanks: undefined, profileSource: undefined, external: undefined,
    info: { address: { type: 'none' }, acpiIndex: 0, bootIndex: 0 },
  };
  const backends = childrenNamed(el, 'backend');
  if (backends.length > 1) throw xmlError('only one TPM backend is supported');
  if (backends.length === 0) throw xmlError('missing TPM device backend');
  const backend = backends[0];
  def.type = propEnum(backend, 'type', TPM_BACKENDS, REQUIRED);
  switch (def.type) {
    case TPM_TYPE.emulator: {
      def.version = propEnum(backend, 'version', TPM_VERSIONS, NONZERO);
      if (ctx.atLeast(TPM_SINCE.debug)) propUInt(backend, 'debug', 10);
      const secret = xattr(child(backend, 'encryption'), 'secret');
      if (secret !== undefined && parseUuid(secret) === undefined) throw internalError(`Unable to parse secret uuid '${secret}'`);
      if (ctx.atLeast(TPM_SINCE.stateSource)) {
        const source = child(backend, 'source');
        if (source) {
          propEnum(source, 'type', TPM_SOURCE_TYPES, NONZERO);
          if (source.attrs.path === undefined) throw xmlError('missing TPM source path');
        }
      }
      const persistent = backend.attrs.persistent_state;
      if (persistent !== undefined && persistent !== 'yes' && persistent !== 'no') {
        throw internalError("Invalid persistent_state value, either 'yes' or 'no'");
      }
      const banks = ctx.atLeast(PCR_BANKS_SINCE) ? childrenNamed(backend, 'active_pcr_banks').flatMap((b) => b.children) : [];
      if (banks.length > 0) {
        const set = new Set<number>();
        for (const b of banks) {
          const bank = (TPM_PCR_BANKS as readonly string[]).indexOf(b.name);
          if (bank < 0) throw unsupportedConfig(`Unsupported PCR banks '${b.name}'`);
          set.add(bank);
        }
        def.activePcrBanks = [...set].sort((a, b) => a - b);
      }
      if (ctx.atLeast(TPM_SINCE.profile)) {
        const profile = child(backend, 'profile');
        if (profile) {
          def.profileSource = profile.attrs.source;
          propEnum(profile, 'removeDisabled', TPM_PROFILE_REMOVE_DISABLED, NONZERO);
        }
      }
      break;
    }
    case TPM_TYPE.external: {
      const reworded = ctx.atLeast(TPM_SINCE.externalWording);
      const type = xattr(child(backend, 'source'), 'type');
      if (type === undefined) throw xmlError(reworded ? 'missing external TPM backend source type' : 'missing external TPM backend type');
      const t = chrTypeFromString(type);
      if (t < 0) {
        throw unsupportedConfig(reworded ? `unknown backend source type '${type}' for external TPM` : `unknown backend type '${type}' for external TPM`);
      }
      def.external = newChrSource(t);
      parseChrSource(def.external, backend, false, ctx);
      break;
    }
    default:
      break;
  }
  def.info = parseDeviceInfo(el, ctx);
  return def;
}

export function parseTpms(devices: XmlElement | undefined, ctx: ParseContext): TpmDef[] {
  const nodes = childrenNamed(devices, 'tpm');
  if (nodes.length > 2) throw atElement(nodes[2], xmlError('a maximum of two TPM devices is supported, one of them being a TPM Proxy device'));
  return parseEach(nodes, ctx, parseTpm);
}

/** virDomainTPMDevValidate */
export function validateTpm(tpm: TpmDef, ctx: ParseContext): void {
  if (tpm.type === TPM_TYPE.emulator) {
    if (tpm.activePcrBanks && tpm.version !== VERSION_2_0) throw xmlError("<active_pcr_banks/> requires TPM version '2.0'");
    if (tpm.profileSource !== undefined && tpm.version !== VERSION_2_0) throw xmlError("<profile/> requires TPM version '2.0'");
  } else if (tpm.type === TPM_TYPE.external && tpm.external) {
    if (tpm.external.type !== CHR.unix) throw xmlError("only source type 'unix' is supported for external TPM device");
    if (tpm.external.listen) {
      throw xmlError(ctx.atLeast(TPM_SINCE.externalWording) ? "only 'connect' mode is supported for external TPM device"
        : "only 'client' mode is supported for external TPM device");
    }
    if (tpm.external.path === undefined) throw xmlError('missing socket path for external TPM device');
  }
}
