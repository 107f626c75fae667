/** qemuDomainValidateStorageSource (qemu_domain.c): what QEMU's block layer can open. */
import { NET_PROTOCOLS, STORAGE_FORMATS, STORAGE_TYPE, type DiskDef, type StorageSourceDef } from '../model/disk.js';
import { unsupportedConfig } from '../parse/errors.js';
import { attr, child, childrenNamed, type XmlElement } from '../parse/xml-tree.js';

// virStorageEncryptionFormatType as src/parse/disk.ts numbers it
const ENC_DEFAULT = 0;
const ENC_QCOW = 1;
const ENC_LUKS2 = 3;

/** A disk's own element, found by its target (unique among disks once parsed). */
export function diskElement(devices: XmlElement | undefined, disk: DiskDef): XmlElement | undefined {
  return childrenNamed(devices, 'disk').find((el) => attr(child(el, 'target'), 'dev') === disk.dst);
}

/** The disk's driver name and each image of its chain (the top one and its backing stores). */
export function validateDiskStorage(disk: DiskDef, el: XmlElement | undefined): void {
  const driver = attr(child(el, 'driver'), 'name');
  if (driver !== undefined && driver !== 'qemu') throw unsupportedConfig(`unsupported driver name '${driver}' for disk '${disk.dst ?? ''}'`);
  // only raw images may be written by several guests (post-parse makes an unset local format raw)
  if (disk.src.shared && !disk.src.readonly && disk.src.format !== 0 && STORAGE_FORMATS[disk.src.format] !== 'raw') {
    throw unsupportedConfig(`shared access for disk '${disk.dst ?? ''}' requires use of supported storage format`);
  }
  // post-parse gives an encryption without engine the qemu engine
  const engine = attr(child(child(el, 'source'), 'encryption') ?? child(el, 'encryption'), 'engine') ?? 'qemu';
  for (let src: StorageSourceDef | undefined = disk.src; src && src.type !== STORAGE_TYPE.none; src = src.backingStore) {
    validateStorageSource(src, src === disk.src ? engine : 'qemu');
  }
}

function validateStorageSource(src: StorageSourceDef, engine: string): void {
  const format = STORAGE_FORMATS[src.format];
  if (format === 'cow') throw unsupportedConfig("'cow' storage format is not supported");
  if (format === 'dir') throw unsupportedConfig("'directory' storage format is not directly supported by QEMU, use 'dir' disk type instead");
  if (format === 'iso') throw unsupportedConfig("storage format 'iso' is not directly supported by QEMU, use 'raw' instead");
  if (format === 'fat' && src.type !== STORAGE_TYPE.volume && src.type !== STORAGE_TYPE.dir) {
    throw unsupportedConfig("storage format 'fat' is supported only with 'dir' storage type");
  }
  if (src.type === STORAGE_TYPE.network && NET_PROTOCOLS[src.protocol] === 'vxhs') {
    throw unsupportedConfig("storage protocol 'vxhs' is not supported by this QEMU");
  }
  if (src.metadataCacheMaxSize > 0n && format !== 'qcow2') {
    throw unsupportedConfig('metadata cache max size control is supported only with qcow2 images');
  }
  const enc = src.encryption;
  if (enc) {
    if (enc.format === ENC_DEFAULT || enc.format === ENC_QCOW) throw unsupportedConfig('old qcow/qcow2 encryption is not supported');
    if (engine === 'qemu') {
      if (enc.format === ENC_LUKS2) throw unsupportedConfig("'luks2' is currently not supported by the qemu encryption engine");
      if (format !== 'qcow2' && format !== 'raw') throw unsupportedConfig("encryption is supported only with 'raw' and 'qcow2' image format");
    }
  }
}
