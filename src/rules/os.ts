// Owned by the general helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { Step } from './framework.js';

export const osSteps: Step<Domain>[] = [];
