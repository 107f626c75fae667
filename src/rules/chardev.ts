// Owned by the platform helper: rules of this family in libvirt's evaluation order.
import type { Domain } from '../model/domain.js';
import type { Step } from './framework.js';

export const serialSteps: Step<Domain>[] = [];

export const parallelSteps: Step<Domain>[] = [];

export const channelSteps: Step<Domain>[] = [];

export const consoleSteps: Step<Domain>[] = [];
