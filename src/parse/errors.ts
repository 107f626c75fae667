/**
 * A file that libvirt's parser or validator would reject. The message carries libvirt's
 * error-class prefix (`XML error: `, `internal error: `, `unsupported configuration: `), as
 * virsh would print it.
 */
export class DomainParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DomainParseError';
  }
}

export const xmlError = (msg: string) => new DomainParseError(`XML error: ${msg}`);
export const internalError = (msg: string) => new DomainParseError(`internal error: ${msg}`);
export const unsupportedConfig = (msg: string) => new DomainParseError(`unsupported configuration: ${msg}`);
/** Errors raised with codes whose template is the bare message (VIR_ERR_NO_SOURCE, VIR_ERR_NO_TARGET, ...). */
export const bareError = (msg: string) => new DomainParseError(msg);
