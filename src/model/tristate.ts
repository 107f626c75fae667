/** Tristate numbers as libvirt stores them: 0 absent, 1 on/yes, 2 off/no. */
export type Tristate = 0 | 1 | 2;
