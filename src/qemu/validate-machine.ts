/** What the QEMU driver's checks ask of a guest's machine (qemuDomainIsQ35 and the like). */
import type { Domain } from '../model/domain.js';

export const isX86 = (dom: Domain): boolean => dom.os.arch === 'x86_64' || dom.os.arch === 'i686';
const machine = (dom: Domain): string => dom.os.machine ?? '';
export const isQ35 = (dom: Domain): boolean => isX86(dom) && (machine(dom) === 'q35' || machine(dom).startsWith('pc-q35'));
export const isI440fx = (dom: Domain): boolean =>
  isX86(dom) && (machine(dom) === 'pc' || ['pc-0.', 'pc-1.', 'pc-i440fx-', 'rhel'].some((p) => machine(dom).startsWith(p)));
