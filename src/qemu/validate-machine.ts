/** What the QEMU driver's checks ask of a guest's machine (qemuDomainIsQ35 and the like). */
import type { Domain } from '../model/domain.js';
import { isI440fx as isI440fxName, isQ35 as isQ35Name } from './post-parse-devices.js';

export const isX86 = (dom: Domain): boolean => dom.os.arch === 'x86_64' || dom.os.arch === 'i686';
export const isQ35 = (dom: Domain): boolean => isX86(dom) && isQ35Name(dom.os.machine ?? '');
export const isI440fx = (dom: Domain): boolean => isX86(dom) && isI440fxName(dom.os.machine ?? '');
